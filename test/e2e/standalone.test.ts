// A standalone jubaclassifier from the compiled binary, driven over TCP as Jubatus clients drive it:
// the exact bytes of Jubatus 1.1.1's wire samples, every API method and its errors, learning the digits
// data set, and models saved, reloaded, restarted from and corrupted.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { ClassifierClient, datumOf, type Datum } from "../../mod.ts"
import { decodeValue } from "../../src/rpc/MsgpackReader.ts"
import { decodeModelFile } from "../../src/server/ModelFile.ts"
import { encodeValue } from "../../src/rpc/MsgpackWriter.ts"
import { samples } from "../fixtures/wireSamples.ts"
import { freePort, sharedData, startProgram, tempDir, type JubaProcess } from "../support/juba.ts"
import { RawClient } from "../support/rawClient.ts"

const hexOf = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ")

/** The config of the wire samples: every string as `str`, every number as `num`. */
const wireConfig = {
  method: "AROW",
  parameter: { regularization_weight: 1.0 },
  converter: {
    string_filter_types: {}, string_filter_rules: [], num_filter_types: {}, num_filter_rules: [],
    string_types: {}, string_rules: [{ key: "*", type: "str", sample_weight: "bin", global_weight: "bin" }],
    num_types: {}, num_rules: [{ key: "*", type: "num" }]
  }
}

const processes: Array<JubaProcess> = []
const dir = tempDir()
const configFile = path.join(dir, "classifier_arow.json")
fs.writeFileSync(configFile, JSON.stringify(wireConfig))

const start = async (args: ReadonlyArray<string>): Promise<JubaProcess> => {
  const port = await freePort()
  const p = await startProgram("jubaclassifier", [...args, "-p", String(port), "-b", "127.0.0.1", "-d", dir], port)
  processes.push(p)
  return p
}

afterAll(async () => {
  for (const p of processes) await p.kill()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe("standalone jubaclassifier on the wire", () => {
  let server: JubaProcess
  beforeAll(async () => {
    server = await start(["-f", configFile])
  })

  test("answers Jubatus 1.1.1's recorded requests with the recorded bytes", async () => {
    const c = await RawClient.connect(server.port)
    const exchange = async (request: Uint8Array) => {
      c.send(request)
      return hexOf(await c.nextFrame())
    }
    expect(await exchange(samples.clearRequest)).toBe(hexOf(samples.trueResponse))
    expect(await exchange(samples.trainOneRequest)).toBe(hexOf(samples.trainOneResponse))
    expect(await exchange(samples.trainTwoRequest)).toBe(hexOf(samples.trainTwoResponse))
    expect(await exchange(samples.classifyRequest)).toBe(hexOf(samples.classifyResponse))
    expect(await exchange(samples.getLabelsRequest)).toBe(hexOf(samples.getLabelsResponse))
    expect(await exchange(samples.setLabelRequest)).toBe(hexOf(samples.trueResponse))
    expect(await exchange(samples.deleteLabelRequest)).toBe(hexOf(samples.trueResponse))
    expect(await exchange(samples.classifyEmptyRequest)).toBe(hexOf(samples.classifyEmptyResponse))
    expect(await exchange(samples.getProxyStatusOnServerRequest)).toBe(hexOf(samples.getProxyStatusOnServerResponse))
    expect(await exchange(samples.unknownMethodRequest)).toBe(hexOf(samples.unknownMethodResponse))
    expect(await exchange(samples.wrongTypeRequest)).toBe(hexOf(samples.badCastResponse))
    expect(await exchange(samples.missingArgumentRequest)).toBe(hexOf(samples.badCastResponse))
    // A server ignores the cluster name.
    c.send(samples.otherNameGetLabelsRequest)
    expect(decodeValue(await c.nextFrame())).toEqual([1, 1, null, { ham: 1, spam: 2 }])
    c.close()
  })

  test("reports the status keys of Jubatus with the server's own pid and counts", async () => {
    const client = ClassifierClient({ port: server.port })
    const before = Number((await client.getStatus())[`127.0.0.1_${server.port}`].update_count)
    await client.train([["x", datumOf({ num: { a: 1 } })]])
    const status = (await client.getStatus())[`127.0.0.1_${server.port}`]
    for (const key of ["pid", "uptime", "update_count", "num_features", "num_classes", "storage", "clock_time", "start_time", "RSS", "VIRT", "SHR", "datadir", "is_standalone", "PROGNAME", "type", "configpath", "last_saved", "last_loaded", "weight_manager_version", "diff_document_count", "master_num_weights"])
      expect(status[key]).toBeDefined()
    expect(status.pid).toBe(String(server.pid))
    expect(Number(status.update_count)).toBe(before + 1)
    expect(status.storage).toBe("local_storage")
    expect(status.is_standalone).toBe("1")
    expect(status.type).toBe("classifier")
    expect(Object.keys(status)).toEqual(Object.keys(status).sort())
    client.close()
  })

  test("returns the config text exactly as loaded", async () => {
    const client = ClassifierClient({ port: server.port })
    expect(await client.getConfig()).toBe(fs.readFileSync(configFile, "utf8"))
    client.close()
  })

  test("answers label edits with Jubatus's booleans", async () => {
    const client = ClassifierClient({ port: server.port })
    expect(await client.setLabel("eggs")).toBe(true)
    expect(await client.setLabel("eggs")).toBe(false)
    expect((await client.getLabels()).eggs).toBe(0)
    expect(await client.deleteLabel("eggs")).toBe(true)
    expect(await client.deleteLabel("eggs")).toBe(false)
    expect(await client.clear()).toBe(true)
    expect(await client.getLabels()).toEqual({})
    client.close()
  })

  test("refuses a train batch carrying NaN or infinity whole, and the model stays clean", async () => {
    const client = ClassifierClient({ port: server.port })
    await client.clear()
    const good = datumOf({ num: { x: 1 } })
    expect(await client.train([["a", good]])).toBe(1)
    const before = await client.classify([good])
    // The raw request: the typed client would write NaN as a double too, but say it on the wire.
    const c = await RawClient.connect(server.port)
    c.send(encodeValue([0, 7, "train", ["", [["a", [[], [["x", 2]], []]], ["b", [[], [["x", NaN]], []]]]]]))
    const refused = (await c.next()) as Array<unknown>
    expect(refused[2]).toBe('cannot learn datum 1: num value "x" is NaN, only finite numbers can be learned')
    c.send(encodeValue([0, 8, "train", ["", [["b", [[], [["y", -Infinity]], []]]]]]))
    expect(((await c.next()) as Array<unknown>)[2]).toContain("is -infinite")
    c.close()
    // Neither the label "b" nor the first, finite datum of the refused batch was learned.
    expect(await client.getLabels()).toEqual({ a: 1 })
    expect(await client.classify([good])).toEqual(before)
    client.close()
  })

  test("refuses bad model ids with Jubatus's messages and keeps serving", async () => {
    const c = await RawClient.connect(server.port)
    c.send(encodeValue([0, 3, "save", ["", ""]]))
    expect(await c.next()).toEqual([1, 3, "empty id is not allowed", null])
    c.send(encodeValue([0, 4, "save", ["", "a/b"]]))
    expect(await c.next()).toEqual([1, 4, "model ID contains invalid character", null])
    c.send(samples.getLabelsRequest)
    expect(((await c.next()) as Array<unknown>)[2]).toBeNull()
    c.close()
  })
})

const loadDigits = (): { train: Array<[string, Datum]>; test: Array<[string, Datum]> } => {
  const rows = fs.readFileSync(path.join(sharedData, "digits.jsonl"), "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l))
  const toPair = (r: { label: string; num: Record<string, number> }): [string, Datum] => [r.label, datumOf({ num: r.num })]
  return { train: rows.filter((r) => r.split === "train").map(toPair), test: rows.filter((r) => r.split !== "train").map(toPair) }
}

const argmax = (scores: ReadonlyArray<[string, number]>): string => scores.reduce((a, b) => (b[1] > a[1] ? b : a))[0]

describe("learning, saving and loading digits", () => {
  const digits = loadDigits()
  let server: JubaProcess
  let client: ReturnType<typeof ClassifierClient>
  let scores: Array<Array<[string, number]>>

  beforeAll(async () => {
    server = await start(["-f", path.join(sharedData, "digits.config.json")])
    client = ClassifierClient({ port: server.port })
    for (let i = 0; i < digits.train.length; i += 100) await client.train(digits.train.slice(i, i + 100))
    scores = await client.classify(digits.test.map(([, d]) => d))
  })
  afterAll(() => client.close())

  test("AROW reaches at least 0.9 accuracy on the held-out digits", () => {
    const correct = digits.test.filter(([label], i) => argmax(scores[i]) === label).length
    expect(correct / digits.test.length).toBeGreaterThanOrEqual(0.9)
  })

  test("saves to <datadir>/<ip>_<port>_classifier_<id>.jubatus and loads it back after clear", async () => {
    const saved = await client.save("digits")
    const file = path.join(fs.realpathSync(dir), `127.0.0.1_${server.port}_classifier_digits.jubatus`)
    expect(saved).toEqual({ [`127.0.0.1_${server.port}`]: file })
    expect(fs.existsSync(file)).toBe(true)
    await client.clear()
    expect(await client.getLabels()).toEqual({})
    expect(await client.load("digits")).toBe(true)
    expect(await client.classify(digits.test.map(([, d]) => d))).toEqual(scores)
    const status = (await client.getStatus())[`127.0.0.1_${server.port}`]
    expect(status.last_loaded_path).toBe(file)
    expect(status.last_saved_path).toBe(file)
  })

  test("a restart with --model_file gives identical scores", async () => {
    const file = path.join(fs.realpathSync(dir), `127.0.0.1_${server.port}_classifier_digits.jubatus`)
    const restarted = await start(["-m", file])
    const again = ClassifierClient({ port: restarted.port })
    expect(await again.classify(digits.test.map(([, d]) => d))).toEqual(scores)
    expect(await again.getConfig()).toBe(fs.readFileSync(path.join(sharedData, "digits.config.json"), "utf8"))
    again.close()
    await restarted.stop()
  })

  test("refuses a model saved with another config and keeps the running model", async () => {
    const other = await start(["-f", configFile])
    const c = ClassifierClient({ port: other.port })
    await c.train([["only", datumOf({ num: { z: 1 } })]])
    const src = path.join(fs.realpathSync(dir), `127.0.0.1_${server.port}_classifier_digits.jubatus`)
    fs.copyFileSync(src, path.join(fs.realpathSync(dir), `127.0.0.1_${other.port}_classifier_foreign.jubatus`))
    const err = await c.load("foreign").catch((e) => e)
    expect(String(err.message)).toContain("server config mismatched")
    expect(await c.getLabels()).toEqual({ only: 1 })
    c.close()
  })

  test("a corrupt model file gets a clear error and leaves the running model untouched", async () => {
    const file = path.join(fs.realpathSync(dir), `127.0.0.1_${server.port}_classifier_broken.jubatus`)
    const good = fs.readFileSync(path.join(fs.realpathSync(dir), `127.0.0.1_${server.port}_classifier_digits.jubatus`))
    const flipped = Uint8Array.from(good)
    flipped[flipped.length - 10] ^= 0xff
    fs.writeFileSync(file, flipped)
    const err = await client.load("broken").catch((e) => e)
    expect(String(err.message)).toContain("invalid crc32 checksum")
    fs.writeFileSync(file, good.subarray(0, 100))
    const truncated = await client.load("broken").catch((e) => e)
    expect(truncated).toBeInstanceOf(Error)
    expect(await client.classify(digits.test.slice(0, 5).map(([, d]) => d))).toEqual(scores.slice(0, 5))
  })

  test("a corrupt --model_file stops the start-up with a message", async () => {
    const file = path.join(dir, "garbage.jubatus")
    fs.writeFileSync(file, "not a model")
    const port = await freePort()
    const started = startProgram("jubaclassifier", ["-m", file, "-p", String(port), "-b", "127.0.0.1"], port, { waitMs: 3000 })
    const err = await started.catch((e) => e)
    expect(String(err.message)).toContain("invalid file format")
  })

  test("a model saved by juba 0.1 loads with a log line saying it was converted, and saves in Jubatus's layout", async () => {
    const legacy = path.join(import.meta.dir, "../fixtures/juba-0.1-classifier-arow.jubatus")
    const server = await start(["-m", legacy])
    const client = ClassifierClient({ port: server.port })
    expect(await client.classify([datumOf({ string: { w: "buy" }, num: { x: 1.5 } })])).toEqual([[["spam", 0.7], ["ham", -0.25]]])
    expect(server.output()).toContain("was saved by juba 0.1 in its own layout: converted to Jubatus 1.1.1's")
    const saved = Object.values(await client.save("converted"))[0]
    client.close()
    // jubatus_core's storage: [tbl, class2id, tbl_diff, [model_version]].
    const storage = (decodeModelFile(fs.readFileSync(saved)).driverPayload as any)[0][0]
    expect(storage).toHaveLength(4)
    expect(storage[1][0]).toEqual({ spam: expect.any(Number), ham: expect.any(Number) })
  })
})
