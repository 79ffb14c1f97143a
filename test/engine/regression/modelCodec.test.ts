// The regression model codec reads what C++ Jubatus 1.1.1 saved and writes the same content back
// (maps in juba's order rather than C++'s hash order, so content, not bytes, is compared).
import { describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { regressionEngine } from "../../../src/engine/regression/engine.ts"
import { decodeModelFile } from "../../../src/server/ModelFile.ts"
import { decodeValue } from "../../../src/rpc/MsgpackReader.ts"
import { encodeValue } from "../../../src/rpc/MsgpackWriter.ts"
import { goldenDir } from "../../support/golden.ts"

const linearVariants = ["arow", "cw", "nherd", "pa", "pa1", "pa2", "perceptron"]

const load = (file: string) => decodeModelFile(fs.readFileSync(file))

describe("regression model codec", () => {
  for (const variant of linearVariants) {
    test(`${variant}: the model C++ Jubatus saved unpacks and packs back to the same content`, () => {
      const file = load(path.join(goldenDir, "regression", `${variant}.jubatus`))
      const driver = regressionEngine.create(regressionEngine.decodeConfig(JSON.parse(file.config)), { distributed: false })
      driver.unpack(file.driverPayload)
      const repacked = decodeValue(encodeValue(driver.pack()))
      expect(repacked).toEqual(file.driverPayload)
    })
  }

  test("doubles are written as float64 even when integral, as jubatus_core reads them", () => {
    const file = load(path.join(goldenDir, "regression", "perceptron.jubatus"))
    const driver = regressionEngine.create(regressionEngine.decodeConfig(JSON.parse(file.config)), { distributed: false })
    driver.unpack(file.driverPayload)
    const bytes = Buffer.from(encodeValue(driver.pack()))
    expect(bytes.includes(Buffer.from([0xcb, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe(true)
  })
})
