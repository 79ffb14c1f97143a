// The classifier's answers equal Jubatus 1.1.1's: every recorded transcript of a linear method replayed
// against the built binary, from a fresh server and from the model file C++ Jubatus saved. The nearest-neighbor methods come with the similarity-search issue.
import { describe, expect, test } from "bun:test"
import { replayFromModelFile, replayTranscript, variantsOf } from "../../support/golden.ts"

const nearestNeighborVariants = new Set(["cosine", "euclidean", "nn_euclid_lsh", "nn_euclid_lsh_unlearn_lru", "nn_lsh", "nn_minhash"])

// Labels inside each classify answer come in C++ hash-map order.
const options = { perMethod: { classify: { unordered: [["*"]] } } }

describe("classifier golden transcripts", () => {
  for (const variant of variantsOf("classifier").filter((v) => !nearestNeighborVariants.has(v))) {
    test(`${variant}: every call answers as Jubatus 1.1.1 did`, async () => {
      const report = await replayTranscript("classifier", variant, options)
      expect(report.mismatches).toEqual([])
      expect(report.compared).toBeGreaterThan(40)
    })

    test(`${variant}: a server started from the model Jubatus 1.1.1 saved answers as Jubatus did after loading it`, async () => {
      const report = await replayFromModelFile("classifier", variant, options)
      expect(report.mismatches).toEqual([])
      expect(report.compared).toBeGreaterThan(10)
    })
  }
})
