// Regression configs decode as jubatus_core's regression_factory reads them, with its errors.
import { describe, expect, test } from "bun:test"
import { ConfigError } from "../../../src/common/errors.ts"
import { decodeRegressionConfig } from "../../../src/engine/regression/RegressionConfig.ts"

const decode = (json: unknown) => decodeRegressionConfig(json, (c) => c)
const errorOf = (json: unknown): string => {
  try {
    decode(json)
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return (e as Error).message
  }
  throw new Error("expected a ConfigError")
}

describe("regression config", () => {
  test("accepts every linear method name and alias", () => {
    const p = { regularization_weight: 1, sensitivity: 0.1 }
    expect(decode({ method: "AROW", parameter: p, converter: {} }).method).toBe("arow")
    expect(decode({ method: "CW", parameter: p, converter: {} }).method).toBe("confidence_weighted")
    expect(decode({ method: "NHERD", parameter: p, converter: {} }).method).toBe("normal_herd")
    expect(decode({ method: "PA1", parameter: p, converter: {} }).method).toBe("passive_aggressive_1")
    expect(decode({ method: "PA2", parameter: p, converter: {} }).method).toBe("passive_aggressive_2")
    expect(decode({ method: "PA", parameter: { sensitivity: 0.1 }, converter: {} }).method).toBe("passive_aggressive")
    expect(decode({ method: "perceptron", parameter: { learning_rate: 0.1 }, converter: {} }).learningRate).toBe(
      Math.fround(0.1)
    )
  })

  test("refuses the nearest-neighbour methods as not supported yet", () => {
    expect(errorOf({ method: "NN", parameter: {}, converter: {} })).toContain("NN is not supported by juba yet")
    expect(errorOf({ method: "cosine", parameter: {}, converter: {} })).toContain("cosine is not supported by juba yet")
  })

  test("refuses an unknown method, a missing parameter block and out-of-range parameters", () => {
    expect(errorOf({ method: "foo", parameter: {}, converter: {} })).toContain("unsupported method (regression(foo))")
    expect(errorOf({ method: "AROW", converter: {} })).toContain("parameter block is not specified in config")
    expect(errorOf({ method: "AROW", parameter: { regularization_weight: 0, sensitivity: 0.1 }, converter: {} })).toContain(
      "0.0 < regularization_weight"
    )
    expect(errorOf({ method: "PA", parameter: { sensitivity: -1 }, converter: {} })).toContain("0.0 <= sensitivity")
    expect(errorOf({ method: "perceptron", parameter: { learning_rate: 0 }, converter: {} })).toContain("0.0 < learning_rate")
    expect(errorOf({ method: "PA", parameter: { sensitivity: 0.1, learning_rate: 1 }, converter: {} })).toContain(
      "unknown key"
    )
  })
})
