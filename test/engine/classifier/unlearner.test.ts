import { describe, expect, test } from "bun:test"
import { ClassifierDriver } from "../../../src/engine/classifier/ClassifierDriver.ts"
import type { UnlearnerConfig } from "../../../src/engine/classifier/ClassifierConfig.ts"
import { MersenneTwister } from "../../../src/engine/classifier/unlearner/MersenneTwister.ts"
import { compileKeyPattern } from "../../../src/fv/KeyMatcher.ts"
import { EngineError, ModelFormatError } from "../../../src/common/errors.ts"
import { datumOf } from "../../../src/fv/Datum.ts"
import { fakeConverter } from "./fakeConverter.ts"

const driver = (unlearner: UnlearnerConfig, distributed = false) =>
  new ClassifierDriver({ method: "arow", regularizationWeight: 1, unlearner, converter: {} }, fakeConverter(), {
    distributed
  })

const x = (v: number) => datumOf({ num: { x: v } })
const labelsOf = (d: ClassifierDriver) => d.classify([x(1)])[0].map(([l]) => l)

describe("label unlearners", () => {
  test("lru evicts the least recently updated label with its weights and count", () => {
    const d = driver({ kind: "lru", maxSize: 2, sticky: undefined })
    d.train([
      ["A", x(1)],
      ["B", x(-1)],
      ["A", x(0.5)] // A is touched again: B is now the least recent
    ])
    d.train([["C", x(2)]])
    expect(labelsOf(d)).toEqual(["A", "C"])
    expect(Object.keys(d.getLabels())).toEqual(["A", "C"])
    expect(d.status()).toMatchObject({ num_unlearner_unlearned_ids: "2", num_unlearner_sticky_ids: "0" })
  })

  test("lru never evicts sticky labels, and refuses a new label when only sticky ones are left", () => {
    const d = driver({ kind: "lru", maxSize: 2, sticky: compileKeyPattern("keep*") })
    d.train([
      ["keep1", x(1)],
      ["keep2", x(-1)]
    ])
    expect(() => d.train([["other", x(1)]])).toThrow(EngineError)
    expect(() => d.setLabel("other")).toThrow(
      "cannot add new label as number of sticky labels reached the maximum size of unlearner: other"
    )
    expect(labelsOf(d)).toEqual(["keep1", "keep2"])
  })

  test("set_label touches the unlearner, delete_label releases its place", () => {
    const d = driver({ kind: "lru", maxSize: 2, sticky: undefined })
    expect(d.setLabel("A")).toBe(true)
    expect(d.setLabel("B")).toBe(true)
    expect(d.deleteLabel("A")).toBe(true)
    expect(d.setLabel("C")).toBe(true)
    expect(labelsOf(d)).toEqual(["B", "C"])
  })

  test("random keeps at most max_size labels", () => {
    const d = driver({ kind: "random", maxSize: 3, seed: 7 })
    for (let i = 0; i < 20; i++) d.train([[`L${i}`, x(i % 2 === 0 ? 1 : -1)]])
    expect(labelsOf(d)).toHaveLength(3)
    expect(labelsOf(d)).toContain("L19")
    expect(d.status().num_unlearner_ids).toBe("3")
  })

  test("the unlearner state is packed with the model", () => {
    const a = driver({ kind: "lru", maxSize: 2, sticky: undefined })
    a.train([
      ["A", x(1)],
      ["B", x(-1)],
      ["A", x(0.5)]
    ])
    const b = driver({ kind: "lru", maxSize: 2, sticky: undefined })
    b.unpack(a.pack())
    b.train([["C", x(2)]]) // B is the least recent in the restored order too
    expect(labelsOf(b)).toEqual(["A", "C"])
    expect(() => b.unpack([[a.pack()], null])).toThrow(ModelFormatError)
    expect(() => b.unpack([[[1, 2], ...(a.pack() as any)[0].slice(1)], (a.pack() as any)[1]])).toThrow(ModelFormatError)
  })

  test("put_diff drops labels the unlearner evicts", () => {
    const a = driver({ kind: "lru", maxSize: 1, sticky: undefined }, true)
    const b = driver({ kind: "lru", maxSize: 3, sticky: undefined }, true)
    b.train([
      ["A", x(1)],
      ["B", x(-1)]
    ])
    // a can keep one label: touching A then B leaves B only, and A's weights are not applied
    expect(a.mixable!.putDiff(b.mixable!.getDiff())).toBe(true)
    expect(labelsOf(a)).toEqual(["B"])
  })
})

describe("MersenneTwister", () => {
  test("draws the reference MT19937 sequence", () => {
    const mt = new MersenneTwister(5489)
    expect([mt.next(), mt.next(), mt.next()]).toEqual([3499211612, 581869302, 3890346734])
  })

  test("next_int(n) stays in [0, n)", () => {
    const mt = new MersenneTwister(1)
    for (let i = 0; i < 1000; i++) {
      const v = mt.nextInt(5)
      expect(v >= 0 && v < 5).toBe(true)
    }
  })
})
