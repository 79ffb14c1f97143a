// Hostile and broken input against real processes: values that are not numbers, huge strings, a datum
// with a hundred thousand keys, a message over the size cap, and a flood of garbage frames at a proxy.
// Each is refused or absorbed, and the process keeps serving.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { ClassifierClient, datumOf } from "../../mod.ts"
import { encodeValue } from "../../src/rpc/MsgpackWriter.ts"
import { samples } from "../fixtures/wireSamples.ts"
import { startCluster, type Cluster } from "../support/cluster.ts"
import { freePort, startProgram, tempDir, type JubaProcess } from "../support/juba.ts"
import { RawClient } from "../support/rawClient.ts"

const config = {
  method: "AROW",
  parameter: { regularization_weight: 1.0 },
  converter: {
    string_rules: [{ key: "*", type: "str", sample_weight: "bin", global_weight: "bin" }],
    num_rules: [{ key: "*", type: "num" }]
  }
}

describe("a server fed hostile data", () => {
  let server: JubaProcess
  let client: ReturnType<typeof ClassifierClient>
  beforeAll(async () => {
    const dir = tempDir()
    const file = path.join(dir, "c.json")
    fs.writeFileSync(file, JSON.stringify(config))
    const port = await freePort()
    server = await startProgram("jubaclassifier", ["-f", file, "-p", String(port), "-b", "127.0.0.1", "--max_message_size", String(4 * 1024 * 1024)], port)
    client = ClassifierClient({ port })
  })
  afterAll(async () => {
    client.close()
    await server.kill()
  })

  test("refuses NaN and infinite values, learns nothing of them and keeps serving", async () => {
    await client.train([["a", datumOf({ num: { x: 1 } })], ["b", datumOf({ num: { x: -1 } })]])
    const refused = await client.train([["a", datumOf({ num: { x: Number.NaN, y: Number.POSITIVE_INFINITY, z: Number.NEGATIVE_INFINITY } })]]).catch((e: Error) => e)
    expect(String(refused)).toContain('num value "x" is NaN')
    expect(await client.train([["a", datumOf({ num: { x: 2 } })]])).toBe(1)
    const [scores] = await client.classify([datumOf({ num: { w: 2 } })])
    expect(scores.map(([label]) => label).sort()).toEqual(["a", "b"])
    expect(scores.every(([, score]) => Number.isFinite(score))).toBe(true)
    expect(await client.getLabels()).toEqual({ a: 2, b: 1 })
  })

  test("takes a 1 MiB string value and a datum of 100,000 distinct keys", async () => {
    expect(await client.train([["big", datumOf({ string: { text: "x".repeat(1024 * 1024) } })]])).toBe(1)
    const num: Record<string, number> = {}
    for (let i = 0; i < 100_000; i++) num[`k${i}`] = (i % 7) + 1
    expect(await client.train([["wide", datumOf({ num })]])).toBe(1)
    const status = Object.values(await client.getStatus())[0]
    expect(Number(status.num_features)).toBeGreaterThan(100_000)
  })

  test("closes a connection whose message is over --max_message_size, counts it, and serves others", async () => {
    const raw = await RawClient.connect(server.port)
    raw.send(encodeValue([0, 1, "train", ["", [["x", [[["s", "y".repeat(5 * 1024 * 1024)]], [], []]]]]]))
    expect(await raw.waitClosed(10000)).toBe(true)
    const status = Object.values(await client.getStatus())[0]
    expect(Number(status.protocol_errors)).toBeGreaterThanOrEqual(1)
    expect(status.max_message_size).toBe(String(4 * 1024 * 1024))
    expect((await client.getLabels()).a).toBe(2)
  })
})

describe("a proxy flooded with garbage", () => {
  let cluster: Cluster
  beforeAll(async () => {
    cluster = await startCluster({ config, servers: 1 })
  }, 60000)
  afterAll(async () => {
    await cluster?.stop()
  })

  test("still routes calls after 200,000 random and truncated frames, and its memory settles", async () => {
    const port = cluster.proxy!.port
    const client = cluster.client()
    await client.train([["a", datumOf({ num: { x: 1 } })]])
    const rss = async () => Number(Object.values(await client.getProxyStatus())[0].RSS)
    const before = await rss()
    let seed = 99
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 0x100000000)
    const valid = [samples.trainOneRequest, samples.classifyRequest, samples.getLabelsRequest]
    for (let c = 0; c < 1000; c++) {
      const raw = await RawClient.connect(port)
      const parts: Array<Uint8Array> = []
      for (let i = 0; i < 200; i++) {
        const base = valid[Math.floor(rnd() * valid.length)]
        const k = rnd()
        if (k < 0.4) parts.push(base.slice(0, Math.floor(rnd() * base.length)))
        else if (k < 0.7) {
          const f = base.slice()
          f[Math.floor(rnd() * f.length)] = Math.floor(rnd() * 256)
          parts.push(f)
        } else parts.push(Uint8Array.from({ length: 1 + Math.floor(rnd() * 32) }, () => Math.floor(rnd() * 256)))
      }
      raw.send(Buffer.concat(parts))
      raw.close()
    }
    await Bun.sleep(300)
    expect(await client.train([["b", datumOf({ num: { x: -1 } })]])).toBe(1)
    expect((await client.classify([datumOf({ num: { x: 1 } })]))[0].length).toBeGreaterThanOrEqual(2)
    const after = await rss()
    console.log(`[proxy fuzz] RSS KiB before ${before}, after ${after}`)
    expect(after).toBeLessThan(before + 100 * 1024)
  }, 60000)
})
