// The regression's MIX payloads are jubatus_core's: the diffs two C++ Jubatus 1.1.1 members exchanged
// (../shared/golden/regression/<variant>.mix.jsonl) decode, fold into what the C++ master put back, and
// a juba member that learned the same data offers the same diff. The diff is [storage, weight_manager].
import { describe, expect, test } from "bun:test"
import { regressionEngine } from "../../../src/engine/regression/engine.ts"
import type { RegressionDriver } from "../../../src/engine/regression/RegressionDriver.ts"
import { decodeValue } from "../../../src/rpc/MsgpackReader.ts"
import { encodeValue } from "../../../src/rpc/MsgpackWriter.ts"
import { difference, normalizeAnswer } from "../../support/golden.ts"
import { payload, readMixTranscript } from "../../support/mixTranscript.ts"

const linearVariants = ["arow", "cw", "nherd", "pa", "pa1", "pa2", "perceptron"]

/** A diff with C++'s hash-map order of features taken out. */
const canonical = (diff: unknown): unknown => {
  const [storage, weights] = normalizeAnswer(diff) as [any, any]
  const [count, [rows, version]] = storage
  const sortedRows = [...rows].sort((a: any, b: any) => (a[0] < b[0] ? -1 : 1))
  return [[count, [sortedRows, version]], weights]
}

const member = (config: unknown): RegressionDriver =>
  regressionEngine.create(regressionEngine.decodeConfig(config), { distributed: true }) as RegressionDriver

describe("regression MIX payloads", () => {
  for (const variant of linearVariants) {
    test(`${variant}: the diffs of two C++ members fold into the diff the C++ master put`, () => {
      const t = readMixTranscript("regression", variant)
      const gets = t.calls.filter((c) => c.method === "get_diff" && c.observed === true)
      const put = t.calls.find((c) => c.method === "put_diff" && c.observed === true)!
      expect(gets).toHaveLength(2)
      const d = member(t.config)
      const folded = d.mixable!.mix(payload(gets[0].result), payload(gets[1].result))
      const ours = decodeValue(encodeValue(folded))
      expect(difference(canonical(payload(put.params[0])), canonical(ours), { tolerance: 1e-12 })).toBeUndefined()
    })

    test(`${variant}: a juba member that learned member 1's data offers the diff C++ offered`, () => {
      const t = readMixTranscript("regression", variant)
      const d = member(t.config)
      for (const c of t.calls) if (c.member === 1 && c.method === "train") d.train(normalizeAnswer(c.params[0]) as never)
      const recorded = canonical(payload(t.calls.find((c) => c.member === 1 && c.method === "get_diff")!.result)) as any
      const ours = canonical(decodeValue(encodeValue(d.mixable!.getDiff()))) as any
      // The storage's expect_version and the weight manager's version count the start-up mixes of the
      // recording; the rest must agree.
      ours[0][1][1] = recorded[0][1][1]
      ours[1][1] = recorded[1][1]
      expect(difference(recorded, ours, { tolerance: 1e-12 })).toBeUndefined()
    })

    test(`${variant}: the folded diff applies on a member and leaves no pending diff`, () => {
      const t = readMixTranscript("regression", variant)
      const put = payload(t.calls.find((c) => c.method === "put_diff" && c.observed === true)!.params[0]) as any
      const d = member(t.config)
      for (const c of t.calls) if (c.member === 1 && c.method === "train") d.train(normalizeAnswer(c.params[0]) as never)
      put[0][1][1] = [0]
      put[1][1] = [0]
      expect(d.mixable!.putDiff(put)).toBe(true)
      expect(d.status()).toMatchObject({ num_features_diff: "0", model_version: "1" })
    })
  }
})
