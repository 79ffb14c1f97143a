import { describe, expect, test } from "bun:test"
import { decodeValue as decode } from "../../../src/rpc/MsgpackReader.ts"
import { encodeValue as encode } from "../../../src/rpc/MsgpackWriter.ts"
import { ClassifierDriver } from "../../../src/engine/classifier/ClassifierDriver.ts"
import type { ClassifierConfig, LinearMethod } from "../../../src/engine/classifier/ClassifierConfig.ts"
import { ModelFormatError } from "../../../src/common/errors.ts"
import type { Converter } from "../../../src/fv/Converter.ts"
import { datumOf } from "../../../src/fv/Datum.ts"
import { fakeConverter, noWeights } from "./fakeConverter.ts"

const config = (method: LinearMethod = "arow", c = 1): ClassifierConfig<unknown> => ({
  method,
  regularizationWeight: c,
  unlearner: undefined,
  converter: {}
})

const driver = (distributed = false, converter: Converter = fakeConverter(), method: LinearMethod = "arow") =>
  new ClassifierDriver(config(method), converter, { distributed })

const kv = (k: string, x: number) => datumOf({ string: { k }, num: { x } })

/** The sequence of wire-samples.md (AROW, C = 1). */
const trainWireSample = (d: ClassifierDriver): void => {
  expect(d.train([["spam", kv("v", 1)]])).toBe(1)
  expect(
    d.train([
      ["ham", kv("w", -1)],
      ["spam", kv("v", 2)]
    ])
  ).toBe(2)
}

/** A classifier diff with each feature's label cells sorted by label. */
const sortedDiff = (diff: unknown): unknown => {
  const [[count, [rows, version]], ...rest] = diff as [[number, [Array<[string, Array<[string, unknown]>]>, unknown]], ...Array<unknown>]
  const sorted = rows.map(([f, cells]) => [f, [...cells].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))])
  return [[count, [sorted, version]], ...rest]
}

/** A deterministic stream of 10-label examples over 30 features. */
const stream = (n: number): Array<[string, ReturnType<typeof datumOf>]> => {
  const out: Array<[string, ReturnType<typeof datumOf>]> = []
  let seed = 7
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 0x100000000
  for (let i = 0; i < n; i++) {
    const label = `L${i % 10}`
    const num: Record<string, number> = {}
    for (let j = 0; j < 5; j++) num[`f${Math.floor(next() * 30)}`] = next() * 2 - 1 + (i % 10) / 10
    out.push([label, datumOf({ num, string: { tag: label } })])
  }
  return out
}

describe("ClassifierDriver", () => {
  test("reproduces jubaclassifier's scores on the wire-sample sequence", () => {
    for (const distributed of [false, true]) {
      const d = driver(distributed)
      trainWireSample(d)
      // spam: w[k$v] = 0.2, w[x] = 0.2 + (1/6)·0.8 = 1/3; ham: w[k$w] = 1/6, w[x] = −1/6
      expect(d.classify([kv("v", 1), datumOf({ num: { x: -3 } })])).toEqual([
        [
          ["spam", 0.5333333333333334],
          ["ham", -0.16666666666666669]
        ],
        [
          ["spam", -1.0],
          ["ham", 0.5]
        ]
      ])
      expect(d.getLabels()).toEqual({ ham: 1, spam: 2 })
    }
  })

  test("classify of no datum is an empty list, and a model with no labels scores nothing", () => {
    const d = driver()
    expect(d.classify([])).toEqual([])
    expect(d.classify([kv("v", 1)])).toEqual([[]])
  })

  test("reports the standalone status keys of the wire sample", () => {
    const d = driver()
    trainWireSample(d)
    expect(d.status()).toEqual({
      num_features: "3",
      num_classes: "2",
      storage: "local_storage",
      weight_manager_version: "0"
    })
  })

  test("a distributed driver also reports the diff size and model version", () => {
    const d = driver(true)
    trainWireSample(d)
    expect(d.status()).toMatchObject({
      storage: "local_storage_mixture",
      num_features: "3",
      num_features_diff: "3",
      model_version: "0"
    })
    expect(driver(false).mixable).toBeUndefined()
  })

  test("set_label adds a label with count 0 that classify reports in insertion order", () => {
    const d = driver()
    trainWireSample(d)
    expect(d.setLabel("eggs")).toBe(true)
    expect(d.setLabel("eggs")).toBe(false)
    expect(d.setLabel("spam")).toBe(false)
    expect(d.getLabels()).toEqual({ eggs: 0, ham: 1, spam: 2 })
    expect(d.classify([datumOf({ num: { x: -3 } })])).toEqual([
      [
        ["spam", -1.0],
        ["ham", 0.5],
        ["eggs", 0]
      ]
    ])
    expect(d.status().num_classes).toBe("3")
  })

  test("delete_label removes the label's weights and count, and features left empty", () => {
    const d = driver()
    trainWireSample(d)
    expect(d.deleteLabel("ham")).toBe(true)
    expect(d.deleteLabel("ham")).toBe(false)
    expect(d.deleteLabel("never")).toBe(false)
    expect(d.getLabels()).toEqual({ spam: 2 })
    const [[only]] = d.classify([kv("w", 1)])
    expect(only[0]).toBe("spam")
    expect(only[1]).toBeCloseTo(-1 / 6 + 1 / 3, 15)
    // k$w kept its spam weight; only spam rows remain: k$v, k$w, x
    expect(d.status()).toMatchObject({ num_classes: "1", num_features: "3" })
    d.deleteLabel("spam")
    expect(d.status()).toMatchObject({ num_classes: "0", num_features: "0" })
    expect(d.classify([kv("w", 1)])).toEqual([[]])
  })

  test("clear forgets labels, weights and counts but keeps the model version", () => {
    const d = driver(true)
    trainWireSample(d)
    d.mixable!.putDiff(d.mixable!.getDiff())
    d.clear()
    expect(d.getLabels()).toEqual({})
    expect(d.classify([kv("v", 1)])).toEqual([[]])
    expect(d.status()).toMatchObject({ num_features: "0", num_classes: "0", num_features_diff: "0", model_version: "1" })
    trainWireSample(d)
    expect(d.classify([kv("v", 1)])[0][0]).toEqual(["spam", 0.5333333333333334])
  })

  test("pack then unpack, through MessagePack, gives the same scores, counts and pending diff", () => {
    for (const distributed of [false, true]) {
      const a = driver(distributed)
      a.train(stream(400))
      a.setLabel("unused")
      a.deleteLabel("L3")
      const b = driver(distributed)
      b.unpack(decode(encode(a.pack())))
      const probe = stream(50).map(([, d]) => d)
      expect(b.classify(probe)).toEqual(a.classify(probe))
      expect(b.getLabels()).toEqual(a.getLabels())
      expect(b.status()).toEqual(a.status())
      // The cells of a feature come back in label-id order (C++ keeps them in a hash map): compare sorted.
      if (distributed) expect(sortedDiff(b.mixable!.getDiff())).toEqual(sortedDiff(a.mixable!.getDiff()))
      // and both keep learning alike
      a.train(stream(20))
      b.train(stream(20))
      expect(b.classify(probe)).toEqual(a.classify(probe))
    }
  })

  test("a standalone server loading a distributed model keeps the master table only", () => {
    const a = driver(true)
    trainWireSample(a)
    a.mixable!.putDiff(a.mixable!.getDiff()) // master = the trained weights
    a.train([["ham", kv("w", -5)]]) // pending only
    const b = driver(false)
    b.unpack(a.pack())
    const fresh = driver(false)
    trainWireSample(fresh)
    expect(b.classify([kv("w", 1)])).toEqual(fresh.classify([kv("w", 1)]))
  })

  test("a malformed model is refused with ModelFormatError and the model stays as it was", () => {
    const d = driver()
    trainWireSample(d)
    const before = d.classify([kv("v", 1)])
    const good = decode(encode(d.pack())) as [[Array<unknown>, unknown], unknown]
    const withStorage = (f: (s: Array<any>) => void) => {
      const copy = structuredClone(good)
      f(copy[0][0] as Array<unknown>)
      return copy
    }
    const firstCell = (s: Array<any>): Array<unknown> => {
      const row = Object.values(s[0])[0] as Record<string, Array<unknown>>
      return Object.values(row)[0]
    }
    const bad: Array<unknown> = [
      null,
      [],
      [good[0]],
      [[good[0][0]], good[1]],
      withStorage((s) => (s[0] = "spam")), // tbl is not a map
      withStorage((s) => (s[0]["w@num"] = { 99: [1, 1, 0] })), // an unknown label id
      withStorage((s) => (firstCell(s)[0] = "0.2")), // a weight that is not a number
      withStorage((s) => (s[3] = [-1])), // model version
      withStorage((s) => (s[1] = [{}, "ids", 0])), // class2id
      [[good[0][0], [{ spam: "two" }, {}, [0]]], good[1]], // a label count that is not a count
      [[["spam", [], [], [], [], [], [], [], [], 0], good[0][1]], good[1]] // a broken juba 0.1 storage
    ]
    for (const packed of bad) {
      expect(() => d.unpack(packed)).toThrow(ModelFormatError)
      expect(d.classify([kv("v", 1)])).toEqual(before)
      expect(d.getLabels()).toEqual({ ham: 1, spam: 2 })
    }
  })

  test("a weight manager that refuses its part leaves the whole model untouched", () => {
    const weights = {
      ...noWeights(),
      unpack: () => {
        throw new ModelFormatError("weight manager must be [version, diff_weights, master_weights]")
      }
    }
    const conv = fakeConverter()
    const d = driver(false, { ...conv, weights })
    trainWireSample(d)
    const other = driver()
    other.train([["eggs", kv("z", 1)]])
    expect(() => d.unpack(other.pack())).toThrow(ModelFormatError)
    expect(d.getLabels()).toEqual({ ham: 1, spam: 2 })
  })

  test("train converts with convertForUpdate and classify with convert", () => {
    const calls: Array<string> = []
    const conv = fakeConverter()
    const d = driver(false, {
      convert: (x) => (calls.push("convert"), conv.convert(x)),
      convertForUpdate: (x) => (calls.push("update"), conv.convertForUpdate(x)),
      weights: conv.weights
    })
    d.train([["a", kv("v", 1)]])
    d.classify([kv("v", 1)])
    expect(calls).toEqual(["update", "convert"])
  })
})
