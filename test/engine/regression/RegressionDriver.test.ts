// The regression driver learns, estimates, clears and refuses non-finite input whole.
import { describe, expect, test } from "bun:test"
import { regressionEngine } from "../../../src/engine/regression/engine.ts"
import type { RegressionDriver } from "../../../src/engine/regression/RegressionDriver.ts"

const converter = {
  string_rules: [{ key: "*", type: "str", sample_weight: "bin", global_weight: "bin" }],
  num_rules: [{ key: "*", type: "num" }]
}
const driver = (method: string, parameter: unknown, distributed = false): RegressionDriver =>
  regressionEngine.create(regressionEngine.decodeConfig({ method, parameter, converter }), { distributed }) as RegressionDriver

const d = (x: number) => [[], [["x", x]], []] as never

describe("regression driver", () => {
  test("estimates Σ w·x after training and 0 for an empty model", () => {
    const r = driver("PA", { sensitivity: 0 })
    expect(r.estimate([d(1)])).toEqual([0])
    expect(r.train([[2, d(1)]])).toBe(1)
    expect(r.estimate([d(1)])[0]).toBeCloseTo(2, 12)
    expect(r.estimate([d(3)])[0]).toBeCloseTo(6, 12)
    expect(r.status()).toMatchObject({ num_features: "1", num_classes: "1", storage: "local_storage" })
  })

  test("clear forgets the weights", () => {
    const r = driver("AROW", { regularization_weight: 1, sensitivity: 0 })
    r.train([[5, d(1)]])
    r.clear()
    expect(r.estimate([d(1)])).toEqual([0])
    expect(r.status()).toMatchObject({ num_features: "0", num_classes: "0" })
  })

  test("a non-finite score or value is refused before anything is learned", () => {
    const r = driver("PA", { sensitivity: 0 })
    expect(() => r.train([[1, d(1)], [Number.NaN, d(1)]])).toThrow()
    expect(() => r.train([[1, d(1)], [1, d(Number.POSITIVE_INFINITY)]])).toThrow()
    expect(r.estimate([d(1)])).toEqual([0])
  })

  test("a packed model unpacks into the same answers", () => {
    const r = driver("NHERD", { regularization_weight: 0.5, sensitivity: 0.1 })
    r.train([[3, d(1)], [-1, d(2)]])
    const copy = driver("NHERD", { regularization_weight: 0.5, sensitivity: 0.1 })
    copy.unpack(r.pack())
    expect(copy.estimate([d(1.5)])).toEqual(r.estimate([d(1.5)]))
  })

  test("a distributed member has a linear mixable and mixture status keys", () => {
    const r = driver("CW", { regularization_weight: 1, sensitivity: 0.1 }, true)
    r.train([[1, d(1)]])
    expect(r.mixable).toBeDefined()
    expect(r.status()).toMatchObject({ num_features_diff: "1", model_version: "0", storage: "local_storage_mixture" })
  })
})
