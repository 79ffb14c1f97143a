// The classifier's model payload is jubatus_core's: files saved by C++ Jubatus 1.1.1 decode into juba's
// storage and pack back to the same content, and juba 0.1's own layout still reads.
import { describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { classifierEngine } from "../../../src/engine/classifier/engine.ts"
import { isLegacyModel } from "../../../src/engine/classifier/modelCodec.ts"
import { decodeModelFile } from "../../../src/server/ModelFile.ts"
import { decodeValue } from "../../../src/rpc/MsgpackReader.ts"
import { encodeValue } from "../../../src/rpc/MsgpackWriter.ts"
import { goldenDir } from "../../support/golden.ts"

const linearVariants = ["arow", "cw", "nherd", "pa", "pa1", "pa1_unlearn_lru", "pa2", "perceptron"]

/** A storage with label ids replaced by label names: ids are an internal numbering, names are the model. */
const named = (storage: Array<any>) => {
  const idToLabel = storage[1][1] as Record<string, string>
  const byName = (tbl: Record<string, Record<string, unknown>>) =>
    Object.fromEntries(Object.entries(tbl).map(([f, cells]) => [f, Object.fromEntries(Object.entries(cells).map(([id, v]) => [idToLabel[id], v]))]))
  return { tbl: byName(storage[0]), diff: byName(storage[2]), labels: Object.keys(storage[1][0]).sort(), version: storage[3] }
}

const normalized = (payload: any) => {
  const model = payload[0] as Array<any>
  const n = model.length
  return { unlearner: n === 3 ? model[0] : undefined, storage: named(model[n - 2]), labels: model[n - 1], weights: payload[1] }
}

const load = (file: string) => decodeModelFile(fs.readFileSync(file))

describe("classifier model codec", () => {
  for (const variant of linearVariants) {
    test(`${variant}: the model C++ Jubatus saved unpacks and packs back to the same content`, () => {
      const file = load(path.join(goldenDir, "classifier", `${variant}.jubatus`))
      const driver = classifierEngine.create(classifierEngine.decodeConfig(JSON.parse(file.config)), { distributed: false })
      expect(isLegacyModel(file.driverPayload)).toBe(false)
      driver.unpack(file.driverPayload)
      const repacked = decodeValue(encodeValue(driver.pack()))
      expect(normalized(repacked)).toEqual(normalized(file.driverPayload))
    })
  }

  test("doubles are written as float64 even when integral, as jubatus_core reads them", () => {
    const file = load(path.join(goldenDir, "classifier", "pa.jubatus"))
    const driver = classifierEngine.create(classifierEngine.decodeConfig(JSON.parse(file.config)), { distributed: false })
    driver.unpack(file.driverPayload)
    const bytes = Buffer.from(encodeValue(driver.pack()))
    // A zero v3 of a [v1, v2, v3] cell: 0xcb followed by eight zero bytes.
    expect(bytes.includes(Buffer.from([0xcb, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe(true)
  })

  test("a model saved by juba 0.1 is recognised and reads into the same scores", () => {
    const file = load(path.join(import.meta.dir, "../../fixtures/juba-0.1-classifier-arow.jubatus"))
    expect(isLegacyModel(file.driverPayload)).toBe(true)
    const driver = classifierEngine.create(classifierEngine.decodeConfig(JSON.parse(file.config)), { distributed: false })
    driver.unpack(file.driverPayload)
    // The scores juba 0.1 answered before it saved this file.
    expect(driver.classify([[[["w", "buy"]], [["x", 1.5]], []]])).toEqual([[["spam", 0.7], ["ham", -0.25]]])
    expect(isLegacyModel(decodeValue(encodeValue(driver.pack())))).toBe(false)
  })
})
