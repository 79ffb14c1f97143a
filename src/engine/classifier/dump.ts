// jubadump's JSON view of a packed classifier model (jubatus/jubadump src/jubatus/dump/classifier.hpp,
// labels.cpp, spec §1.7): the shared storage and weight-manager views, and the label counts.
import { ModelFormatError } from "../../common/errors.ts"
import { byKey, dumpStorage, dumpWeights } from "../linear/storageDump.ts"
import { unpackLabels } from "./modelCodec.ts"

const dumpLabels = (packed: unknown): unknown => {
  const labels = unpackLabels(packed)
  return { version_number: labels.version, label_count: byKey(labels.counts()) }
}

/** `{"storage": {"storage": {"weight": …}, "label": …}, "weights": …}`; throws ModelFormatError. */
export const dumpClassifier = (packed: unknown): unknown => {
  if (!Array.isArray(packed) || packed.length !== 2 || !Array.isArray(packed[0])) {
    throw new ModelFormatError("classifier: expected [classifier_model, weight_manager]")
  }
  const model = packed[0] as Array<unknown>
  if (model.length !== 2 && model.length !== 3) {
    throw new ModelFormatError("classifier model: expected [storage, labels] or [unlearner, storage, labels]")
  }
  const n = model.length
  return {
    storage: { storage: dumpStorage(model[n - 2]), label: dumpLabels(model[n - 1]) },
    weights: dumpWeights(packed[1])
  }
}
