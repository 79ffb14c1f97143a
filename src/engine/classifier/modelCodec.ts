// The classifier model as jubatus_core packs it (the driver payload of model files and `get_model`,
// spec §8.3), so a model saved by C++ Jubatus 1.1.1 loads here and the reverse:
//
//   classifier_model = [storage, labels]  or  [unlearner, storage, labels]   (linear_classifier::pack)
//   storage (src/engine/linear/storageCodec.ts)
//   labels  = [map<label, count> master, map<label, count> diff, [version]]   (storage/labels)
//
// Payloads of juba 0.1 are still read; `isLegacyModel` tells the server so it can say the file was
// converted.
import { ModelFormatError } from "../../common/errors.ts"
import { LabelCounts } from "../linear/LabelCounts.ts"
import { unpackLegacyLabels } from "../linear/legacyModelCodec.ts"
import { entriesOf, isLegacyStorage } from "../linear/storageCodec.ts"
import { asCount, asVersion } from "../linear/wireValues.ts"

const bad = (detail: string): never => {
  throw new ModelFormatError(detail)
}

export const packLabels = (labels: LabelCounts): unknown => {
  const { master, diff, version } = labels.snapshot()
  return [new Map(master), new Map(diff), [version]]
}

const countMap = (v: unknown, what: string): Map<string, number> => {
  const entries = entriesOf(v) ?? bad(`${what}: expected a map from label to count`)
  const out = new Map<string, number>()
  for (const [label, value] of entries) out.set(label, asCount(value) ?? bad(`${what}: label "${label}": expected a count`))
  return out
}

export const unpackLabels = (v: unknown): LabelCounts => {
  if (!Array.isArray(v) || v.length !== 3) return bad("labels: expected [master, diff, version]")
  if (Array.isArray(v[0])) return unpackLegacyLabels(v)
  const version = asVersion(v[2]) ?? bad("labels: expected the version as [uint]")
  return LabelCounts.restore(countMap(v[0], "labels master"), countMap(v[1], "labels diff"), version)
}

/** True when a classifier driver payload was written by juba 0.1 (its own layout), not jubatus_core's. */
export const isLegacyModel = (packed: unknown): boolean => {
  if (!Array.isArray(packed) || !Array.isArray(packed[0])) return false
  const model = packed[0] as Array<unknown>
  return isLegacyStorage(model[model.length - 2])
}
