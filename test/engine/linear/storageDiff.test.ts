import { describe, expect, test } from "bun:test"
import { ModelFormatError } from "../../../src/common/errors.ts"
import {
  decodeStorageDiff,
  encodeStorageDiff,
  mixStorageDiffs,
  type StorageDiff
} from "../../../src/engine/linear/storageDiff.ts"

const diff = (count: number, version: number, features: StorageDiff["features"]): StorageDiff => ({
  count,
  version,
  features
})

/** The value with typed arrays as plain arrays (diffs hold Float64Array cells so they encode as float64). */
const plain = (v: unknown): any =>
  v instanceof Float64Array ? Array.from(v) : Array.isArray(v) ? v.map(plain) : v !== null && typeof v === "object" && !(v instanceof Uint8Array) ? Object.fromEntries(Object.entries(v).map(([k, e]) => [k, plain(e)])) : v

describe("storageDiff", () => {
  test("folding averages weights by count and keeps the smaller covariance", () => {
    const l = diff(1, 4, [["f", [["A", [0.3, 0.5, 0]]]]])
    const r = diff(2, 4, [["f", [["A", [0.6, 0.7, 0]]]]])
    // (1·0.3 + 2·0.6)/3 = 0.5; min(0.5, 0.7) = 0.5
    expect(plain(mixStorageDiffs(l, r))).toEqual(diff(3, 4, [["f", [["A", [(1 * 0.3 + 2 * 0.6) / 3, 0.5, 0]]]]]))
  })

  test("an entry one side lacks counts as weight 0 and covariance 1", () => {
    const l = diff(1, 0, [["f", [["A", [0.4, 0.8, 0]]]]])
    const r = diff(1, 0, [
      ["f", [["B", [-0.2, 1.5, 0]]]],
      ["g", [["A", [1, 0.25, 0]]]]
    ])
    // f/A: (0.4 + 0)/2, min(0.8, 1); f/B: (0 − 0.2)/2, min(1, 1.5) = 1; g/A: 1/2, 0.25
    expect(plain(mixStorageDiffs(l, r))).toEqual(
      diff(2, 0, [
        [
          "f",
          [
            ["A", [0.2, 0.8, 0]],
            ["B", [-0.1, 1, 0]]
          ]
        ],
        ["g", [["A", [0.5, 0.25, 0]]]]
      ])
    )
  })

  test("folding diffs of different versions keeps the newer one whole", () => {
    const old = diff(5, 2, [["f", [["A", [9, 9, 0]]]]])
    const newer = diff(1, 3, [["g", [["B", [1, 0.5, 0]]]]])
    expect(mixStorageDiffs(old, newer)).toBe(newer)
    expect(mixStorageDiffs(newer, old)).toBe(newer)
  })

  test("reads the wire shape with raw strings and 64-bit integers", () => {
    const utf8 = (s: string) => new TextEncoder().encode(s)
    const wire = [1n, [[[utf8("k$v@str#bin/bin"), [[utf8("spam"), [0.2, 0.8, 0.0]]]]], [21n]]]
    expect(decodeStorageDiff(wire)).toEqual(diff(1, 21, [["k$v@str#bin/bin", [["spam", [0.2, 0.8, 0]]]]]))
    expect(encodeStorageDiff(decodeStorageDiff(wire))).toEqual([1, [[["k$v@str#bin/bin", [["spam", [0.2, 0.8, 0]]]]], [21]]])
  })

  test("refuses other shapes with ModelFormatError", () => {
    const bad: Array<unknown> = [
      null,
      [1],
      [0, [[], [0]]],
      [1, [[], "v"]],
      [1, [[["f", [["A", [1, 2]]]]], [0]]],
      [1, [[["f", [["A", [1, "2", 0]]]]], [0]]],
      [1, [[[3, []]], [0]]]
    ]
    for (const v of bad) expect(() => decodeStorageDiff(v)).toThrow(ModelFormatError)
  })
})
