import { describe, expect, test } from "bun:test"
import type { LinearMethod } from "../../../src/engine/classifier/ClassifierConfig.ts"
import { ClassifierDriver } from "../../../src/engine/classifier/ClassifierDriver.ts"
import { dumpClassifier } from "../../../src/engine/classifier/dump.ts"
import { datumOf } from "../../../src/fv/Datum.ts"
import { fakeConverter } from "./fakeConverter.ts"

const driver = (method: LinearMethod, c = 1, distributed = false) =>
  new ClassifierDriver({ method, regularizationWeight: c, unlearner: undefined, converter: {} }, fakeConverter(), {
    distributed
  })

const num = (values: Record<string, number>) => datumOf({ num: values })

/** Scores of one datum as a label → score record. */
const scores = (d: ClassifierDriver, values: Record<string, number>): Record<string, number> =>
  Object.fromEntries(d.classify([num(values)])[0])

/** (weight, covariance) of every (feature, label), read through jubadump's view of the packed model. */
const weights = (d: ClassifierDriver): Record<string, Record<string, { v1: number; v2: number; v3: number }>> =>
  (dumpClassifier(d.pack()) as any).storage.storage.weight

// Every example below starts from an empty model with x = {a: 1, b: 2}, so ‖x‖² = 1 + 4 = 5, no
// label scores anything yet (margin m = 0 − 0 = 0), and there is no rival.
const x1 = { a: 1, b: 2 }

describe("LinearTrainer", () => {
  test("perceptron adds x to the true label when the prediction is wrong, and stops once it is right", () => {
    const d = driver("perceptron")
    d.train([["A", num(x1)]]) // no label predicted → w[·,A] += x: w[a,A] = 1, w[b,A] = 2
    d.train([["B", num({ a: 1 })]]) // predicts A (score 1): w[a,B] += 1, w[a,A] −= 1 → 0
    expect(weights(d)).toEqual({
      "a@num": { A: { v1: 0, v2: 0, v3: 0 }, B: { v1: 1, v2: 0, v3: 0 } },
      "b@num": { A: { v1: 2, v2: 0, v3: 0 } }
    })
    // A scores 0·1 + 2·1 = 2 > B's 1: predicted correctly, nothing changes
    d.train([["A", num({ a: 1, b: 1 })]])
    expect(scores(d, { a: 1, b: 1 })).toEqual({ A: 2, B: 1 })
  })

  test("PA steps by loss / (2‖x‖²) toward the true label and away from the rival", () => {
    const d = driver("passive_aggressive")
    d.train([["A", num(x1)]]) // loss 1, step 1/10: w[a,A] = 0.1, w[b,A] = 0.2
    expect(scores(d, { a: 1 })).toEqual({ A: 0.1 })
    expect(scores(d, { b: 1 })).toEqual({ A: 0.2 })
    // x = {a: 1}: rival A scores 0.1, B none → m = 0.1, loss 1.1, ‖x‖² = 1, step 0.55
    d.train([["B", num({ a: 1 })]])
    const s = scores(d, { a: 1 }) // A: 0.1 − 0.55 = −0.45, B: 0.55
    expect(s.A).toBeCloseTo(-0.45, 12)
    expect(s.B).toBe(0.55)
  })

  test("PA leaves a new label out of the weights when the example is already beyond the margin", () => {
    const d = driver("passive_aggressive")
    d.train([["A", num({ a: 1 })]]) // step 1/2: w[a,A] = 0.5
    // x = {a: −4}: A scores −2, C has none: m = −2 − 0, loss = −1 < 0 → nothing at all
    d.train([["C", num({ a: -4 })]])
    expect(d.classify([num({ a: 1 })])).toEqual([[["A", 0.5]]])
    expect(d.getLabels()).toEqual({ A: 1, C: 1 })
  })

  test("PA1 registers the new label in the same situation", () => {
    const d = driver("passive_aggressive_1")
    d.train([["A", num({ a: 1 })]]) // min(C = 1, 1/2) = 0.5
    d.train([["C", num({ a: -4 })]])
    expect(d.classify([num({ a: 1 })])).toEqual([
      [
        ["A", 0.5],
        ["C", 0]
      ]
    ])
  })

  test("PA1 caps the step at C, taken as a C++ float", () => {
    const d = driver("passive_aggressive_1", 0.05)
    // loss/(2‖x‖²) = 0.1 > C; C is float(0.05) = 0.05000000074505806
    d.train([["A", num(x1)]])
    expect(scores(d, { a: 1 })).toEqual({ A: 0.05000000074505806 })
    expect(scores(d, { b: 1 })).toEqual({ A: 0.10000000149011612 })
  })

  test("PA2 steps by loss / (2‖x‖² + 1/(2C))", () => {
    const d = driver("passive_aggressive_2", 1)
    d.train([["A", num(x1)]]) // 1 / (10 + 0.5) = 0.0952380952…
    expect(scores(d, { a: 1 }).A).toBe(1 / 10.5)
    expect(scores(d, { b: 1 }).A).toBe(2 / 10.5)
  })

  test("CW moves the weights by γΣx and shrinks the covariance to 1/(1/Σ + 2γCx²)", () => {
    const d = driver("confidence_weighted", 1)
    // V = (1 + 1)·1² + (1 + 1)·2² = 10, M = 0, b = 1 + 2·C·M = 1
    // γ = −1 + √(1 − 8·C·(0 − C·10)) = −1 + 9 = 8, then γ /= 4·C·V → 0.2
    d.train([["A", num(x1)]])
    // a: w = 0.2·1·1 = 0.2, Σ = 1/(1 + 2·0.2·1·1) = 1/1.4; b: w = 0.2·1·2 = 0.4, Σ = 1/(1 + 2·0.2·4) = 1/2.6
    expect(weights(d)).toEqual({
      "a@num": { A: { v1: 0.2, v2: 1 / 1.4, v3: 0 } },
      "b@num": { A: { v1: 0.4, v2: 1 / 2.6, v3: 0 } }
    })
  })

  test("AROW updates with α = (1 − M)·β, β = 1/(V + 1/C), using each label's own covariance", () => {
    const d = driver("arow", 1)
    // V = 10, β = 1/11, α = 1/11: w[a,A] = 1/11, Σ = 1 − 1/11 = 10/11; w[b,A] = 2/11, Σ = 1 − 4/11 = 7/11
    d.train([["A", num(x1)]])
    expect(weights(d)).toEqual({
      "a@num": { A: { v1: 1 / 11, v2: 1 - 1 / 11, v3: 0 } },
      "b@num": { A: { v1: 2 / 11, v2: 1 - 4 / 11, v3: 0 } }
    })
    // x = {a: 1}: rival A scores 1/11 → M = −1/11; V = (Σ[a,B] = 1 + Σ[a,A] = 10/11)·1 = 21/11
    // β = 1/(21/11 + 1) = 11/32, α = (12/11)·(11/32) = 3/8
    // B: w = 3/8, Σ = 1 − 11/32 = 21/32; A: w = 1/11 − (3/8)(10/11) = −1/4, Σ = 10/11 − (11/32)(10/11)² = 5/8
    d.train([["B", num({ a: 1 })]])
    const w = weights(d)["a@num"]
    expect(w.B).toEqual({ v1: 0.375, v2: 0.65625, v3: 0 })
    expect(w.A.v1).toBeCloseTo(-0.25, 15)
    expect(w.A.v2).toBe(0.625)
  })

  test("AROW only registers the label when the margin is already at least 1", () => {
    const d = driver("arow", 1)
    d.train([["A", num({ a: 4 })]]) // V = 32, β = 1/33, α = 1/33: w[a,A] = 4/33, Σ = 1 − 16/33 = 17/33
    // x = {a: −10}: A scores −40/33, B none: M = 0 − (−40/33) = 40/33 ≥ 1 → B registered only
    d.train([["B", num({ a: -10 })]])
    expect(scores(d, { a: 1 })).toEqual({ A: 4 / 33, B: 0 })
    expect(weights(d)["a@num"]).toEqual({ A: { v1: 4 / 33, v2: 1 - 16 / 33, v3: 0 } })
  })

  test("NHERD updates Σ to 1/(1/Σ + (2C + C²V)x²)", () => {
    const d = driver("normal_herd", 1)
    // V = 10, M = 0: w = (1 − 0)·x·Σ/(V + 1/C) → a: 1/11, b: 2/11
    // Σ: a: 1/(1 + (2 + 10)·1) = 1/13; b: 1/(1 + 12·4) = 1/49
    d.train([["A", num(x1)]])
    expect(weights(d)).toEqual({
      "a@num": { A: { v1: 1 / 11, v2: 1 / 13, v3: 0 } },
      "b@num": { A: { v1: 2 / 11, v2: 1 / 49, v3: 0 } }
    })
  })

  test("the rival is the best-scoring other label, the first one on ties", () => {
    const d = driver("arow", 1)
    d.setLabel("A")
    d.setLabel("B")
    d.setLabel("C")
    // all score 0: the rival of C is A (first). V = 2, β = 1/3, α = 1/3
    d.train([["C", num({ a: 1 })]])
    expect(scores(d, { a: 1 })).toEqual({ A: -1 / 3, B: 0, C: 1 / 3 })
    // training A: the best other label is C (1/3 > 0), not B
    d.train([["A", num({ a: 1 })]])
    expect(scores(d, { a: 1 }).B).toBe(0)
  })

  test("repeated keys are summed before training", () => {
    const d = driver("passive_aggressive")
    // {a: 1, a: 1} is {a: 2}: loss 1, ‖x‖² = 4, step 1/8, w[a,A] = 2/8
    d.train([["A", [[], [["a", 1], ["a", 1]], []]]])
    expect(scores(d, { a: 1 })).toEqual({ A: 0.25 })
  })

  test("a distributed model scores like a standalone one before any mix", () => {
    for (const method of ["arow", "confidence_weighted", "normal_herd", "passive_aggressive_2"] as const) {
      const solo = driver(method, 0.5)
      const mixed = driver(method, 0.5, true)
      const data: Array<[string, ReturnType<typeof num>]> = [
        ["A", num({ a: 1, b: -2 })],
        ["B", num({ b: 3, c: 1 })],
        ["A", num({ a: 2, c: -1 })],
        ["C", num({ a: -1, b: 1, c: 2 })]
      ]
      solo.train(data)
      mixed.train(data)
      expect(mixed.classify([num({ a: 1, b: 1, c: 1 })])).toEqual(solo.classify([num({ a: 1, b: 1, c: 1 })]))
    }
  })
})
