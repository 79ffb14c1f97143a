// The classifier's MIX payloads are jubatus_core's: the diffs two C++ Jubatus 1.1.1 members exchanged
// (../shared/golden/classifier/<variant>.mix.jsonl) decode, fold into what the C++ master put back, and
// a juba member that learned the same data offers the same diff.
import { describe, expect, test } from "bun:test"
import { classifierEngine } from "../../../src/engine/classifier/engine.ts"
import type { ClassifierDriver } from "../../../src/engine/classifier/ClassifierDriver.ts"
import { decodeValue } from "../../../src/rpc/MsgpackReader.ts"
import { encodeValue } from "../../../src/rpc/MsgpackWriter.ts"
import { difference } from "../../support/golden.ts"
import { normalizeAnswer } from "../../support/golden.ts"
import { payload, readMixTranscript } from "../../support/mixTranscript.ts"

const linearVariants = ["arow", "cw", "nherd", "pa", "pa1", "pa1_unlearn_lru", "pa2", "perceptron"]

/** A diff with C++'s hash-map orders taken out: features and each feature's labels sorted by name. */
const canonical = (diff: unknown): unknown => {
  const [storage, labels, weights] = normalizeAnswer(diff) as [any, any, any]
  const [count, [rows, version]] = storage
  const sortedRows = [...rows]
    .map(([f, cells]: [string, Array<[string, unknown]>]) => [f, [...cells].sort((a, b) => (a[0] < b[0] ? -1 : 1))])
    .sort((a: any, b: any) => (a[0] < b[0] ? -1 : 1))
  return [[count, [sortedRows, version]], labels, weights]
}

const member = (config: unknown): ClassifierDriver =>
  classifierEngine.create(classifierEngine.decodeConfig(config), { distributed: true }) as ClassifierDriver

describe("classifier MIX payloads", () => {
  for (const variant of linearVariants) {
    test(`${variant}: the diffs of two C++ members fold into the diff the C++ master put`, () => {
      const t = readMixTranscript("classifier", variant)
      const gets = t.calls.filter((c) => c.method === "get_diff" && c.observed === true)
      const put = t.calls.find((c) => c.method === "put_diff" && c.observed === true)!
      expect(gets).toHaveLength(2)
      const d = member(t.config)
      const folded = d.mixable!.mix(payload(gets[0].result), payload(gets[1].result))
      const ours = decodeValue(encodeValue(folded))
      expect(difference(canonical(payload(put.params[0])), canonical(ours), { tolerance: 1e-12 })).toBeUndefined()
    })

    test(`${variant}: a juba member that learned member 1's data offers the diff C++ offered`, () => {
      const t = readMixTranscript("classifier", variant)
      const d = member(t.config)
      for (const c of t.calls) if (c.member === 1 && c.method === "train") d.train(normalizeAnswer(c.params[0]) as never)
      const recorded = canonical(payload(t.calls.find((c) => c.member === 1 && c.method === "get_diff")!.result)) as any
      const ours = canonical(decodeValue(encodeValue(d.mixable!.getDiff()))) as any
      // The storage's expect_version and the weight manager's version count the start-up mixes of the
      // recording; the rest must agree.
      ours[0][1][1] = recorded[0][1][1]
      ours[2][1] = recorded[2][1]
      expect(difference(recorded, ours, { tolerance: 1e-12 })).toBeUndefined()
    })

    test(`${variant}: the folded diff applies on a member and leaves no pending diff`, () => {
      const t = readMixTranscript("classifier", variant)
      const put = payload(t.calls.find((c) => c.method === "put_diff" && c.observed === true)!.params[0]) as any
      const d = member(t.config)
      for (const c of t.calls) if (c.member === 1 && c.method === "train") d.train(normalizeAnswer(c.params[0]) as never)
      // This fresh member's storage and weight manager are at version 0; the recording's had mixed twice.
      put[0][1][1] = [0]
      put[2][1] = [0]
      expect(d.mixable!.putDiff(put)).toBe(true)
      expect(d.status()).toMatchObject({ num_features_diff: "0", model_version: "1" })
    })
  }

  test("doubles of a diff travel as float64 even when integral", () => {
    const d = member(readMixTranscript("classifier", "perceptron").config)
    d.train([["A", [[], [["x", 1]], []]]])
    // perceptron: Δw = 1, covariance entry 1, v3 0 — all integral, all sent as 0xcb.
    const bytes = Buffer.from(encodeValue(d.mixable!.getDiff()))
    expect(bytes.includes(Buffer.from([0x93, 0xcb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0]))).toBe(true)
  })
})
