// The stat engine's answers equal Jubatus 1.1.1's: every recorded transcript replayed against the
// built binary, from a fresh server and from the model file C++ Jubatus saved.
import { describe, expect, test } from "bun:test"
import { replayFromModelFile, replayTranscript, variantsOf } from "../../support/golden.ts"

describe("stat golden transcripts", () => {
  for (const variant of variantsOf("stat")) {
    test(`${variant}: every call answers as Jubatus 1.1.1 did`, async () => {
      const report = await replayTranscript("stat", variant)
      expect(report.mismatches).toEqual([])
      expect(report.compared).toBeGreaterThan(40)
    })

    test(`${variant}: a server started from the model Jubatus 1.1.1 saved answers as Jubatus did after loading it`, async () => {
      const report = await replayFromModelFile("stat", variant)
      expect(report.mismatches).toEqual([])
      expect(report.compared).toBeGreaterThan(5)
    })
  }
})
