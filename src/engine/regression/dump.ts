// jubadump's JSON view of a packed linear regression model (jubatus/jubadump src/jubatus/dump/
// regression.hpp): `{"storage": {"storage": {"weight": …}}, "weights": …}` — the classifier's storage and
// weight-manager views shared with the classifier (src/engine/linear/storageDump.ts).
import { ModelFormatError } from "../../common/errors.ts"
import { dumpStorage, dumpWeights } from "../linear/storageDump.ts"

export const dumpRegression = (packed: unknown): unknown => {
  if (!Array.isArray(packed) || packed.length !== 2 || !Array.isArray(packed[0]) || packed[0].length !== 1) {
    throw new ModelFormatError("regression: expected [[storage], weight_manager]")
  }
  return { storage: { storage: dumpStorage(packed[0][0]) }, weights: dumpWeights(packed[1]) }
}
