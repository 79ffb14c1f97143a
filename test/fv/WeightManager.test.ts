import { describe, expect, test } from "bun:test"
import { ModelFormatError } from "../../src/common/errors.ts"
import { decodeConverterConfig } from "../../src/fv/ConverterConfig.ts"
import { datumOf } from "../../src/fv/Datum.ts"
import { groupKeyOf } from "../../src/fv/KeywordWeights.ts"
import { makeConverter } from "../../src/fv/makeConverter.ts"
import { makeWeightManager } from "../../src/fv/WeightManager.ts"

const kw = (documents: number, df: Record<string, number>, weights: Record<string, number> = {}) => [
  documents,
  [df],
  [{}],
  [{}],
  weights
]

const idfConverter = () =>
  makeConverter(
    decodeConverterConfig({ string_rules: [{ key: "*", type: "space", sample_weight: "bin", global_weight: "idf" }] })
  )

describe("WeightManager", () => {
  test("an empty manager has the wire shape of Jubatus's", () => {
    const wm = makeWeightManager()
    expect(wm.getDiff()).toEqual([[0, [{}], [{}], [{}], {}], [0]])
    expect(wm.pack()).toEqual([[0], [0, [{}], [{}], [{}], {}], [0, [{}], [{}], [{}], {}]])
  })

  test("status names every counter of the diff and the master", () => {
    const c = idfConverter()
    c.convertForUpdate(datumOf({ string: { t: "a b" } }))
    expect(c.weights.status()).toEqual({
      weight_manager_version: "0",
      diff_document_count: "1",
      diff_num_document_frequencies: "2",
      diff_num_group_frequencies: "0",
      diff_num_group_total_lengths: "0",
      diff_num_weights: "0",
      master_document_count: "0",
      master_num_document_frequencies: "0",
      master_num_group_frequencies: "0",
      master_num_group_total_lengths: "0",
      master_num_weights: "0"
    })
  })

  test("bm25 training counts group frequencies and lengths per key group", () => {
    const c = makeConverter(
      decodeConverterConfig({ string_rules: [{ key: "*", type: "space", sample_weight: "tf", global_weight: "bm25" }] })
    )
    c.convertForUpdate(datumOf({ string: { t: "a a b", u: "c" } }))
    c.convertForUpdate(datumOf({ string: { t: "b" } }))
    const g = "t@space#tf/bm25"
    expect(c.weights.getDiff()).toEqual([
      [
        2,
        [{ "t$a@space#tf/bm25": 1, "t$b@space#tf/bm25": 2, "u$c@space#tf/bm25": 1 }],
        [{ [g]: 2, "u@space#tf/bm25": 1 }],
        [{ [g]: 4, "u@space#tf/bm25": 1 }],
        {}
      ],
      [0]
    ])
  })

  test("group keys drop the token, and num `str` features get one too, as in Jubatus", () => {
    expect(groupKeyOf("k$tok@space#tf/bm25")).toBe("k@space#tf/bm25")
    expect(groupKeyOf("k@num")).toBe("")
    expect(groupKeyOf("k@str$0.5")).toBe("k@str@str$0.5")
  })

  test("mix sums diffs of the same version and unites user weights, the left one winning", () => {
    const wm = makeWeightManager()
    const lhs = [kw(2, { a: 1, b: 2 }, { u: 1, v: 2 }), [3]]
    const rhs = [kw(1, { b: 1, c: 1 }, { v: 9, w: 3 }), [3]]
    expect(wm.mix(lhs, rhs)).toEqual([kw(3, { a: 1, b: 3, c: 1 }, { u: 1, v: 2, w: 3 }), [3]])
  })

  test("mix keeps the diff of the higher version whole", () => {
    const wm = makeWeightManager()
    const older = [kw(5, { a: 5 }), [1]]
    const newer = [kw(1, { b: 1 }), [2]]
    expect(wm.mix(older, newer)).toEqual(newer)
    expect(wm.mix(newer, older)).toEqual(newer)
  })

  test("put_diff applies a diff of the current version, clears the local diff and bumps the version", () => {
    const c = idfConverter()
    c.convertForUpdate(datumOf({ string: { t: "a" } }))
    const mixed = c.weights.mix(c.weights.getDiff(), [kw(2, { "t$a@space#bin/idf": 1, "t$b@space#bin/idf": 2 }), [0]])
    expect(c.weights.putDiff(mixed)).toBe(true)
    expect(c.weights.getDiff()).toEqual([[0, [{}], [{}], [{}], {}], [1]])
    const status = c.weights.status()
    expect([status.weight_manager_version, status.master_document_count, status.master_num_document_frequencies]).toEqual([
      "1",
      "3",
      "2"
    ])
    // N = 3, df(b) = 2: ln(4/3)
    const fv = c.convert(datumOf({ string: { t: "b" } }))
    expect(fv.values[0]).toBeCloseTo(Math.log(4 / 3), 12)
  })

  test("put_diff is refused when the manager's version moved on", () => {
    const c = idfConverter()
    c.convertForUpdate(datumOf({ string: { t: "a" } }))
    expect(c.weights.putDiff([kw(7, { x: 7 }), [5]])).toBe(false)
    expect(c.weights.status().master_document_count).toBe("0")
    expect(c.weights.status().diff_document_count).toBe("1")
    expect(c.weights.status().weight_manager_version).toBe("0")
  })

  test("pack and unpack carry the statistics to another converter", () => {
    const a = idfConverter()
    a.convertForUpdate(datumOf({ string: { t: "a b" } }))
    a.weights.putDiff(a.weights.getDiff())
    a.convertForUpdate(datumOf({ string: { t: "a" } }))
    const b = idfConverter()
    b.weights.unpack(structuredClone(a.weights.pack()))
    expect(b.weights.status()).toEqual(a.weights.status())
    expect(b.weights.pack()).toEqual(a.weights.pack())
    const d = datumOf({ string: { t: "a b c" } })
    expect(b.convert(d)).toEqual(a.convert(d))
  })

  test("unpack accepts 64-bit integers decoded as bigint", () => {
    const wm = makeWeightManager()
    wm.unpack([[3n], kw(0, {}), [2n, [new Map([["a", 2]])], [{}], [{}], {}]])
    expect(wm.status().weight_manager_version).toBe("3")
    expect(wm.status().master_document_count).toBe("2")
    expect(wm.status().master_num_document_frequencies).toBe("1")
  })

  test("unpack refuses malformed data and changes nothing", () => {
    const c = idfConverter()
    c.convertForUpdate(datumOf({ string: { t: "a" } }))
    const before = c.weights.pack()
    const bad: Array<unknown> = [
      null,
      [[0], kw(0, {})],
      [0, kw(0, {}), kw(0, {})],
      [[0], kw(0, {}), [1, [{}], [{}], {}]],
      [[0], kw(0, {}), [1, [{ a: "x" }], [{}], [{}], {}]],
      [[0], kw(-1, {}), kw(0, {})],
      [[0], kw(0, {}), [1, {}, [{}], [{}], {}]]
    ]
    for (const packed of bad) {
      expect(() => c.weights.unpack(packed)).toThrow(ModelFormatError)
      expect(c.weights.pack()).toEqual(before)
    }
  })

  test("malformed diffs are refused", () => {
    const wm = makeWeightManager()
    expect(() => wm.putDiff([kw(0, {}), 0])).toThrow(ModelFormatError)
    expect(() => wm.mix([kw(0, {})], [kw(0, {}), [0]])).toThrow(ModelFormatError)
  })

  test("clear forgets the statistics but keeps the version", () => {
    const c = idfConverter()
    c.convertForUpdate(datumOf({ string: { t: "a" } }))
    c.weights.putDiff(c.weights.getDiff())
    c.convertForUpdate(datumOf({ string: { t: "b" } }))
    c.weights.clear()
    expect(c.weights.pack()).toEqual([[1], [0, [{}], [{}], [{}], {}], [0, [{}], [{}], [{}], {}]])
  })
})
