import { describe, expect, test } from "bun:test"
import { classifierEngine } from "../../../src/engine/classifier/engine.ts"
import { datumOf } from "../../../src/fv/Datum.ts"

/** The config of wire-samples.md: AROW, C = 1, strings str/bin/bin, numbers num. */
const wireSampleConfig = {
  method: "AROW",
  parameter: { regularization_weight: 1.0 },
  converter: {
    string_filter_types: {},
    string_filter_rules: [],
    num_filter_types: {},
    num_filter_rules: [],
    string_types: {},
    string_rules: [{ key: "*", type: "str", sample_weight: "bin", global_weight: "bin" }],
    num_types: {},
    num_rules: [{ key: "*", type: "num" }]
  }
}

const kv = (k: string, x: number) => datumOf({ string: { k }, num: { x } })

describe("classifierEngine", () => {
  test("with the real converter, answers the wire sample exactly", () => {
    const d = classifierEngine.create(classifierEngine.decodeConfig(wireSampleConfig), { distributed: false })
    d.train([["spam", kv("v", 1)]])
    d.train([
      ["ham", kv("w", -1)],
      ["spam", kv("v", 2)]
    ])
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
    expect(d.status()).toMatchObject({ num_features: "3", num_classes: "2", storage: "local_storage" })
  })

  test("dumps a packed model as jubadump does, the pending diff summed into the master", () => {
    const d = classifierEngine.create(classifierEngine.decodeConfig(wireSampleConfig), { distributed: true })
    d.train([["spam", kv("v", 1)]])
    d.mixable!.putDiff(d.mixable!.getDiff()) // master: spam 0.2/0.8 on k$v and x
    d.train([["ham", kv("w", -1)]]) // pending: spam x → 1/3, Σ 2/3; ham …
    const dump = classifierEngine.dump!(d.pack()) as any
    expect(Object.keys(dump)).toEqual(["storage", "weights"])
    expect(Object.keys(dump.storage.storage.weight)).toEqual(["k$v@str#bin/bin", "k$w@str#bin/bin", "x@num"])
    expect(dump.storage.storage.weight["k$v@str#bin/bin"]).toEqual({ spam: { v1: 0.2, v2: 0.8, v3: 0 } })
    const x = dump.storage.storage.weight["x@num"]
    expect(Object.keys(x)).toEqual(["ham", "spam"])
    expect(x.spam.v1).toBeCloseTo(1 / 3, 15)
    expect(x.spam.v2).toBeCloseTo(2 / 3, 15)
    expect(dump.storage.label).toEqual({ version_number: 1, label_count: { ham: 1, spam: 1 } })
    expect(dump.weights).toEqual({
      version_number: 1,
      document_count: 0,
      document_frequencies: {},
      group_frequencies: {},
      group_total_lengths: {}
    })
  })

  test("is the classifier type and registers no CHT", () => {
    expect(classifierEngine.type).toBe("classifier")
    expect(classifierEngine.useCht).toBe(false)
    expect(classifierEngine.methods.map((m) => m.name)).toEqual([
      "train",
      "classify",
      "get_labels",
      "set_label",
      "clear",
      "delete_label"
    ])
  })
})
