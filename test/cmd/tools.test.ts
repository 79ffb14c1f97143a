// jubaconv and jubadump from the compiled binary, as a user pipes data through them.
import { describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { ClassifierClient, datumOf, startServer } from "../../mod.ts"
import { runProgram, tempDir } from "../support/juba.ts"

const config = {
  method: "PA",
  converter: {
    string_rules: [{ key: "*", type: "str", sample_weight: "bin", global_weight: "bin" }],
    num_rules: [{ key: "*", type: "num" }]
  }
}

describe("jubaconv", () => {
  test("flattens a JSON document into the features a server would see", () => {
    const dir = tempDir()
    const conf = path.join(dir, "c.json")
    fs.writeFileSync(conf, JSON.stringify(config))
    const r = runProgram("jubaconv", ["-o", "fv", "-c", conf], { stdin: '{"user":{"name":"taro","age":20},"tags":["a"],"ok":true}' })
    expect(r.code).toBe(0)
    expect(r.stdout.trim().split("\n").sort()).toEqual(
      ["/user/name$taro@str#bin/bin: 1", "/tags[0]$a@str#bin/bin: 1", "/user/age@num: 20", "/ok@num: 1"].sort()
    )
  })

  test("prints the datum of a JSON document and refuses datum to json", () => {
    const r = runProgram("jubaconv", ["-o", "datum"], { stdin: '{"a":"x","b":2}' })
    expect(JSON.parse(r.stdout)).toEqual({ string_values: [["/a", "x"]], num_values: [["/b", 2]] })
    const bad = runProgram("jubaconv", ["-i", "datum", "-o", "json"], { stdin: "{}" })
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toContain("invalid input-output type: datum -> json")
    const noConf = runProgram("jubaconv", ["-o", "fv"], { stdin: "{}" })
    expect(noConf.stderr).toContain("specify converter config with -c flag")
  })
})

describe("jubadump", () => {
  test("prints a saved classifier model as JSON with weights per feature and label", async () => {
    const dir = tempDir()
    const server = await startServer({ type: "classifier", config, datadir: dir })
    const client = ClassifierClient({ port: server.port })
    await client.train([["spam", datumOf({ num: { x: 1 } })], ["ham", datumOf({ num: { x: -1 } })]])
    const saved = Object.values(await client.save("d1"))[0]
    client.close()
    await server.stop()
    const r = runProgram("jubadump", ["-i", saved])
    expect(r.code).toBe(0)
    const dump = JSON.parse(r.stdout)
    const weights = dump.storage.storage.weight["x@num"]
    expect(Object.keys(weights).sort()).toEqual(["ham", "spam"])
    expect(weights.spam.v1).toBeGreaterThan(0)
    expect(weights.ham.v1).toBeLessThan(0)
    expect(dump.storage.label.label_count).toEqual({ ham: 1, spam: 1 })
  })

  test("prints model files saved by C++ Jubatus 1.1.1 with jubadump's keys, classifier and regression", () => {
    const golden = path.resolve(import.meta.dir, "../../../shared/golden")
    const classifier = runProgram("jubadump", ["-i", path.join(golden, "classifier/arow.jubatus")])
    expect(classifier.code).toBe(0)
    const c = JSON.parse(classifier.stdout)
    expect(Object.keys(c.storage.storage.weight["x@num"]).sort()).toEqual(["", "A", "B", "C", "E"])
    expect(c.storage.label.label_count).toEqual({ "": 1, A: 6, B: 9, C: 9, E: 1 })
    const regression = runProgram("jubadump", ["-i", path.join(golden, "regression/arow.jubatus")])
    expect(regression.code).toBe(0)
    const r = JSON.parse(regression.stdout)
    expect(Object.keys(r)).toEqual(["storage", "weights"])
    expect(Object.keys(r.storage.storage.weight["x@num"])).toEqual(["+"])
    expect(typeof r.storage.storage.weight["x@num"]["+"].v1).toBe("number")
    expect(r.weights.version_number).toBe(0)
  })

  test("says which file it could not dump", () => {
    const dir = tempDir()
    const f = path.join(dir, "x.jubatus")
    fs.writeFileSync(f, "nope")
    const r = runProgram("jubadump", ["-i", f])
    expect(r.code).toBe(255)
    expect(r.stderr).toStartWith(`Error: failed to dump "${f}": `)
  })
})
