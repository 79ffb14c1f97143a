import { describe, expect, test } from "bun:test"
import { decodeValue as decode } from "../../../src/rpc/MsgpackReader.ts"
import { encodeValue as encode } from "../../../src/rpc/MsgpackWriter.ts"
import { ClassifierDriver } from "../../../src/engine/classifier/ClassifierDriver.ts"
import type { LinearMixable } from "../../../src/engine/Driver.ts"
import { datumOf } from "../../../src/fv/Datum.ts"
import { emptyWeightsDiff, fakeConverter } from "./fakeConverter.ts"

const member = () =>
  new ClassifierDriver(
    { method: "arow", regularizationWeight: 1, unlearner: undefined, converter: {} },
    fakeConverter(),
    { distributed: true }
  )

/** The value with typed arrays as plain arrays (diffs hold Float64Array cells so they encode as float64). */
const plain = (v: unknown): any =>
  v instanceof Float64Array ? Array.from(v) : Array.isArray(v) ? v.map(plain) : v !== null && typeof v === "object" && !(v instanceof Uint8Array) ? Object.fromEntries(Object.entries(v).map(([k, e]) => [k, plain(e)])) : v

const kv = (k: string, x: number) => datumOf({ string: { k }, num: { x } })

/** What the linear mixer does: get_diff from all (over the wire), fold in order, put_diff to all. */
const mixAll = (members: ReadonlyArray<ClassifierDriver>): Array<boolean> => {
  const wire = (v: unknown) => decode(encode(v))
  const diffs = members.map((m) => wire(m.mixable!.getDiff()))
  const folded = diffs.slice(1).reduce((acc, d) => members[0].mixable!.mix(d, acc), diffs[0])
  return members.map((m) => m.mixable!.putDiff(wire(folded)))
}

const mixable = (d: ClassifierDriver): LinearMixable => d.mixable!

describe("ClassifierDriver MIX", () => {
  test("get_diff has the shape [storage_diff, labels_diff, weights_diff] of the wire sample", () => {
    const d = member()
    d.train([["spam", kv("v", 1)]])
    expect(plain(mixable(d).getDiff())).toEqual([
      [
        1,
        [
          [
            ["k$v@str#bin/bin", [["spam", [0.2, 0.8, 0.0]]]],
            ["x@num", [["spam", [0.2, 0.8, 0.0]]]]
          ],
          [0]
        ]
      ],
      { spam: 1 },
      emptyWeightsDiff()
    ])
  })

  test("mixing averages the members' weight changes and makes their models equal", () => {
    const a = member()
    const b = member()
    a.train([["spam", kv("v", 1)]]) // spam: w[k$v] = w[x] = 0.2, Σ = 0.8
    b.train([["ham", kv("w", -1)]]) // ham:  w[k$w] = 0.2, w[x] = −0.2, Σ = 0.8
    expect(mixAll([a, b])).toEqual([true, true])
    // each weight is averaged with the absent side's 0: 0.1 / −0.1; Σ = min(0.8, 1) = 0.8
    const probe = [kv("v", 1), kv("w", 1)]
    const expected = [
      [
        ["spam", 0.1 + 0.1],
        ["ham", 0 - 0.1]
      ],
      [
        ["spam", 0.1],
        ["ham", 0.1 - 0.1]
      ]
    ]
    expect(a.classify(probe)).toEqual(expected as any)
    expect(b.classify(probe).map((r) => Object.fromEntries(r))).toEqual(expected.map((r) => Object.fromEntries(r)))
    expect(a.getLabels()).toEqual({ ham: 1, spam: 1 })
    expect(b.getLabels()).toEqual({ ham: 1, spam: 1 })
    expect(a.status()).toMatchObject({ model_version: "1", num_features_diff: "0", num_features: "3" })
  })

  test("the folded diff sums label counts and keeps the lowest covariance", () => {
    const a = member()
    const b = member()
    a.train([["spam", kv("v", 1)]])
    // b: x = {k$v: 1, x: 2}: V = 2·1 + 2·4 = 10, β = α = 1/11: w[x] = 2/11, Σ[x] = 1 − 4/11 = 7/11 < 0.8
    b.train([["spam", kv("v", 2)]])
    const folded = mixable(a).mix(mixable(a).getDiff(), mixable(b).getDiff()) as Array<any>
    expect(folded[0][0]).toBe(2)
    expect(plain(folded[0][1][0][1])).toEqual(["x@num", [["spam", [(0.2 + 2 / 11) / 2, 1 - 4 / 11, 0]]]])
    // on k$v b's Σ = 10/11 is the larger: a's 0.8 is kept
    expect(plain(folded[0][1][0][0])).toEqual(["k$v@str#bin/bin", [["spam", [(0.2 + 1 / 11) / 2, 0.8, 0]]]])
    expect(folded[1]).toEqual({ spam: 2 })
  })

  test("put_diff is refused when the member's model version moved on, and its diff is kept", () => {
    const a = member()
    const b = member()
    a.train([["spam", kv("v", 1)]])
    const stale = mixable(a).getDiff() // made against version 0
    expect(mixable(a).putDiff(mixable(a).getDiff())).toBe(true) // a is now at version 1
    b.train([["ham", kv("w", 1)]])
    expect(mixable(b).putDiff(mixable(b).getDiff())).toBe(true)
    b.train([["ham", kv("w", 1)]])
    const pending = mixable(b).getDiff()
    expect(mixable(b).putDiff(stale)).toBe(false)
    expect(b.status()).toMatchObject({ model_version: "1" })
    expect(plain((mixable(b).getDiff() as Array<any>)[0])).toEqual(plain((pending as Array<any>)[0]))
  })

  test("after a mix, new training is a diff against the mixed master", () => {
    const a = member()
    a.train([["spam", kv("v", 1)]])
    mixAll([a])
    a.train([["ham", kv("v", 1)]])
    const [storage] = mixable(a).getDiff() as Array<any>
    expect(storage[1][1]).toEqual([1]) // expect_version
    // ham is new (weight and covariance written whole); spam's entry changed relative to the master
    const kvRow = new Map(storage[1][0].map((f: [string, unknown]) => f)).get("k$v@str#bin/bin") as Array<[string, number[]]>
    const byLabel = Object.fromEntries(kvRow)
    // margin: s(spam) = 0.4 → M = −0.4; V = (1 + 0.8)·1 + (1 + 0.8)·1 = 3.6; β = 1/4.6; α = 1.4/4.6
    expect(byLabel.ham[0]).toBeCloseTo(1.4 / 4.6, 15)
    expect(byLabel.ham[1]).toBeCloseTo(1 - 1 / 4.6, 15)
    expect(byLabel.spam[0]).toBeCloseTo(-(1.4 / 4.6) * 0.8, 15)
    expect(byLabel.spam[1]).toBeCloseTo(-(1 / 4.6) * 0.64, 15)
  })

  test("labels set on every member travel with count 0", () => {
    const a = member()
    const b = member()
    a.setLabel("eggs")
    a.train([["spam", kv("v", 1)]])
    mixAll([a, b])
    expect(b.getLabels()).toEqual({ eggs: 0, spam: 1 })
  })

  test("a malformed diff is refused before anything changes", () => {
    const a = member()
    a.train([["spam", kv("v", 1)]])
    const ok = mixable(a).getDiff() as Array<unknown>
    expect(() => mixable(a).putDiff([ok[0], { spam: "one" }, ok[2]])).toThrow()
    expect(() => mixable(a).putDiff([ok[0], ok[1]])).toThrow()
    expect(() => mixable(a).mix(ok, [1, 2, 3])).toThrow()
    expect(a.status()).toMatchObject({ model_version: "0", num_features_diff: "2" })
  })
})
