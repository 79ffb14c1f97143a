// jubadump's JSON views of what the linear models share (jubatus/jubadump src/jubatus/dump/
// local_storage_mixture.cpp, weight_manager.cpp, spec §1.7): the storage's master table and pending diff
// summed, features and labels in sorted order, and the weight manager's document statistics.
import { ModelFormatError } from "../../common/errors.ts"
import { KeywordWeights, readCount } from "../../fv/KeywordWeights.ts"
import { storageImageOf } from "./storageCodec.ts"
import { IN_DIFF, IN_MASTER } from "./WeightStorage.ts"
import { asVersion, toWireMap } from "./wireValues.ts"

export const byKey = <V>(m: Map<string, V>): Record<string, V> =>
  toWireMap([...m.keys()].sort().map((k) => [k, m.get(k)!])) as Record<string, V>

export const dumpStorage = (packed: unknown): unknown => {
  const image = storageImageOf(packed)
  const weight = new Map<string, Map<string, { v1: number; v2: number; v3: number }>>()
  let k = 0
  for (let i = 0; i < image.features.length; i++) {
    const row = new Map<string, { v1: number; v2: number; v3: number }>()
    for (let j = 0; j < image.rowLengths[i]; j++, k++) {
      const f = image.flags[k]
      const v1 = (f & IN_MASTER ? image.masterW[k] : 0) + (f & IN_DIFF ? image.diffW[k] : 0)
      const v2 = (f & IN_MASTER ? image.masterCov[k] : 0) + (f & IN_DIFF ? image.diffCov[k] : 0)
      row.set(image.labels[image.slotLabels[k]], { v1, v2, v3: 0 })
    }
    weight.set(image.features[i], row)
  }
  const out = new Map<string, Record<string, unknown>>()
  for (const [feature, row] of weight) out.set(feature, byKey(row))
  return { weight: byKey(out) }
}

const sumCounts = (a: Map<string, number>, b: Map<string, number>): Record<string, number> => {
  const out = new Map(a)
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + v)
  return byKey(out)
}

export const dumpWeights = (packed: unknown): unknown => {
  if (!Array.isArray(packed) || packed.length !== 3) {
    throw new ModelFormatError("weight manager must be [version, diff_weights, master_weights]")
  }
  const version = asVersion(packed[0])
  if (version === undefined) throw new ModelFormatError("weight manager version must be [uint64]")
  const diff = KeywordWeights.fromWire(packed[1], "weight manager diff_weights")
  const master = KeywordWeights.fromWire(packed[2], "weight manager master_weights")
  return {
    version_number: version,
    document_count: readCount(diff.documentCount + master.documentCount, "document_count"),
    document_frequencies: sumCounts(master.documentFrequencies, diff.documentFrequencies),
    group_frequencies: sumCounts(master.groupFrequencies, diff.groupFrequencies),
    group_total_lengths: sumCounts(master.groupTotalLengths, diff.groupTotalLengths)
  }
}
