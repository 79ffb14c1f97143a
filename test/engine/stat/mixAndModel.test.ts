// The stat engine's MIX payloads and model files are jubatus_core's: the (e, n) diffs two C++ Jubatus
// 1.1.1 members exchanged fold into what the C++ master put back, a juba member offers the same diff
// after the same pushes, and C++ model files unpack and pack back to the same bytes.
import { describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { statEngine } from "../../../src/engine/stat/engine.ts"
import type { StatDriver } from "../../../src/engine/stat/StatDriver.ts"
import { decodeModelFile } from "../../../src/server/ModelFile.ts"
import { encodeValue } from "../../../src/rpc/MsgpackWriter.ts"
import { goldenDir } from "../../support/golden.ts"
import { payload, readMixTranscript } from "../../support/mixTranscript.ts"

const variants = ["stat", "stat_window4"]

const member = (config: unknown): StatDriver => statEngine.create(statEngine.decodeConfig(config), { distributed: true })

const bytesOf = (recorded: unknown): Uint8Array => {
  if (!(recorded instanceof Uint8Array)) throw new Error("expected a raw recorded payload")
  return recorded
}

describe("stat MIX payloads", () => {
  for (const variant of variants) {
    const t = readMixTranscript("stat", variant)
    const gets = t.calls.filter((c) => c.method === "get_diff" && c.observed === true)
    const put = t.calls.find((c) => c.method === "put_diff" && c.observed === true)!

    test(`${variant}: the diffs of two C++ members fold into the exact bytes the C++ master put`, () => {
      const folded = member(t.config).mixable!.mix(payload(gets[0]!.result), payload(gets[1]!.result))
      expect(encodeValue(folded)).toEqual(bytesOf(put.params[0]))
    })

    test(`${variant}: a juba member that pushed each member's data offers the exact diff C++ offered`, () => {
      for (const m of [1, 2]) {
        const d = member(t.config)
        for (const c of t.calls) if (c.member === m && c.method === "push") d.push(c.params[0] as string, c.params[1] as number)
        const recorded = t.calls.find((c) => c.member === m && c.method === "get_diff" && c.observed === true)!
        expect(encodeValue(d.mixable!.getDiff())).toEqual(bytesOf(recorded.result))
      }
    })

    test(`${variant}: after put_diff every member answers the mixed entropy C++ answered`, () => {
      const expected = t.calls.find((c) => c.method === "entropy")!.result
      for (const m of [1, 2]) {
        const d = member(t.config)
        for (const c of t.calls) if (c.member === m && c.method === "push") d.push(c.params[0] as string, c.params[1] as number)
        expect(d.mixable!.putDiff(payload(put.params[0]))).toBe(true)
        expect(d.entropy()).toBe(expected as number)
      }
    })
  }
})

describe("stat model codec", () => {
  for (const variant of variants) {
    test(`${variant}: the model C++ Jubatus saved unpacks and packs back to the same bytes`, () => {
      const bytes = new Uint8Array(fs.readFileSync(path.join(goldenDir, "stat", `${variant}.jubatus`)))
      const file = decodeModelFile(bytes)
      const d = statEngine.create(statEngine.decodeConfig(JSON.parse(file.config)), { distributed: false })
      d.unpack(file.driverPayload)
      // The driver payload is the last msgpack object of the file (after the header, config and version).
      const ours = encodeValue(d.pack())
      expect(ours).toEqual(bytes.subarray(bytes.length - ours.length))
    })
  }
})
