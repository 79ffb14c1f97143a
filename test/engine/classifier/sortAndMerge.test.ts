import { describe, expect, test } from "bun:test"
import { SortedVector } from "../../../src/engine/classifier/sortAndMerge.ts"

const load = (v: SortedVector, keys: Array<string>, values: Array<number>) => {
  v.load({ keys, values })
  return { keys: [...v.keys], values: [...v.values] }
}

describe("SortedVector", () => {
  test("orders by key and sums repeated keys", () => {
    expect(load(new SortedVector(), ["b", "a", "b"], [1, 2, 3])).toEqual({ keys: ["a", "b"], values: [2, 4] })
  })

  test("a vector with the same keys as the last one reuses its order but takes the new values", () => {
    const v = new SortedVector()
    const keys = ["f10", "f2", "f1"]
    expect(load(v, keys, [1, 2, 3])).toEqual({ keys: ["f1", "f10", "f2"], values: [3, 1, 2] })
    expect(load(v, keys, [7, 8, 9])).toEqual({ keys: ["f1", "f10", "f2"], values: [9, 7, 8] })
  })

  test("a vector whose keys changed place, or repeat, is sorted afresh", () => {
    const v = new SortedVector()
    load(v, ["x", "a"], [1, 2])
    expect(load(v, ["a", "x"], [5, 6])).toEqual({ keys: ["a", "x"], values: [5, 6] })
    expect(load(v, ["a", "a"], [1, 1])).toEqual({ keys: ["a"], values: [2] })
    expect(load(v, ["a", "a"], [2, 3])).toEqual({ keys: ["a"], values: [5] })
  })
})
