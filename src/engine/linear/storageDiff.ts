// The weight storage as a linear mixable (jubatus_core framework/linear_function_mixer over
// local_storage_mixture): its diff on the wire, the fold of two diffs, and applying a folded diff.
//
// Wire shape (spec §6.1): `[count, [diff, [expect_version]]]` with
// `diff = [[feature, [[label, [v1, v2, v3]], ...]], ...]` — v1 = Δweight, v2 = Δcovariance (the
// covariance itself for entries new to the master table), v3 unused by the linear methods (always 0
// here; a received v3 is averaged along and then dropped, since no method reads it).
import { ModelFormatError } from "../../common/errors.ts"
import { IN_DIFF, type WeightStorage } from "./WeightStorage.ts"
import { asNumber, asString, asVersion } from "./wireValues.ts"

/**
 * `[v1, v2, v3]`: a Float64Array when made here, so the writer sends three float64s (0xcb) as
 * jubatus_core does even for integral values; a plain array when decoded from the wire.
 */
export type Val3 = Float64Array | [number, number, number]
export type FeatureDiff = [string, Array<[string, Val3]>]

export interface StorageDiff {
  readonly count: number
  readonly features: Array<FeatureDiff>
  readonly version: number
}

/** The pending diff of a mixture storage (local_storage_mixture::get_diff, count 1). */
export const storageDiffOf = (st: WeightStorage): StorageDiff => {
  const features: Array<FeatureDiff> = []
  for (const fid of st.diffFeatureIds()) {
    const rows: Array<[string, Val3]> = []
    features.push([st.featureName(fid), rows])
    const start = st.rowStart[fid]
    const end = start + st.rowLen[fid]
    for (let s = start; s < end; s++) {
      if (st.flags[s] & IN_DIFF) rows.push([st.labels.name(st.slotLabel[s]), Float64Array.of(st.dw[s], st.dcov[s], 0)])
    }
  }
  return { count: 1, features, version: st.modelVersion }
}

export const encodeStorageDiff = (d: StorageDiff): unknown => [d.count, [d.features, [d.version]]]

const bad = (detail: string): never => {
  throw new ModelFormatError(`storage diff: ${detail}`)
}

/** Reads a storage diff decoded from MessagePack; throws ModelFormatError on any other shape. */
export const decodeStorageDiff = (v: unknown): StorageDiff => {
  if (!Array.isArray(v) || v.length !== 2) return bad("expected [count, [diff, version]]")
  const count = asNumber(v[0])
  if (count === undefined || !(count > 0)) return bad("expected a positive count")
  const body = v[1]
  if (!Array.isArray(body) || body.length !== 2 || !Array.isArray(body[0])) return bad("expected [diff, version]")
  const version = asVersion(body[1])
  if (version === undefined) return bad("expected the version as [uint64]")
  // Checked in place: a diff of a million weights is a million small arrays already, copying them
  // again would double the cost of every MIX.
  const features = body[0] as Array<FeatureDiff>
  for (const entry of features as Array<unknown>) {
    if (!Array.isArray(entry) || entry.length !== 2 || !Array.isArray(entry[1])) return bad("expected [feature, [[label, [v1, v2, v3]], ...]]")
    const feature = asString(entry[0])
    if (feature === undefined) return bad("expected a feature name")
    entry[0] = feature
    for (const row of entry[1] as Array<unknown>) {
      if (!Array.isArray(row) || row.length !== 2 || !(Array.isArray(row[1]) || row[1] instanceof Float64Array) || row[1].length !== 3) {
        return bad(`expected [label, [v1, v2, v3]] under feature "${feature}"`)
      }
      const label = asString(row[0])
      const v = row[1] as Val3
      const v1 = asNumber(v[0])
      const v2 = asNumber(v[1])
      const v3 = asNumber(v[2])
      if (label === undefined || v1 === undefined || v2 === undefined || v3 === undefined) {
        return bad(`expected [label, [v1, v2, v3]] under feature "${feature}"`)
      }
      row[0] = label
      v[0] = v1
      v[1] = v2
      v[2] = v3
    }
  }
  return { count, features, version }
}

// linear_function_mixer's fold of one entry: weights averaged by count, covariance minimum; an
// entry missing on one side counts as (0, 1, 0)
const mixVal3 = (cl: number, cr: number, a: Val3 | undefined, b: Val3 | undefined): Val3 => {
  const a1 = a === undefined ? 0 : a[0]
  const a2 = a === undefined ? 1 : a[1]
  const a3 = a === undefined ? 0 : a[2]
  const b1 = b === undefined ? 0 : b[0]
  const b2 = b === undefined ? 1 : b[1]
  const b3 = b === undefined ? 0 : b[2]
  return Float64Array.of((cl * a1 + cr * b1) / (cl + cr), b2 < a2 ? b2 : a2, (cl * a3 + cr * b3) / (cl + cr))
}

/** Folds two diffs (linear_function_mixer::mix): same version → averaged; else the newer wins whole. */
export const mixStorageDiffs = (lhs: StorageDiff, rhs: StorageDiff): StorageDiff => {
  if (lhs.version !== rhs.version) return lhs.version > rhs.version ? lhs : rhs
  const cl = lhs.count
  const cr = rhs.count
  const right = new Map<string, Array<[string, Val3]>>()
  for (const entry of rhs.features) right.set(entry[0], entry[1])
  const features: Array<FeatureDiff> = []
  for (const [feature, rows] of lhs.features) {
    const other = right.get(feature)
    if (other === undefined) {
      features.push([feature, rows.map(([label, v]) => [label, mixVal3(cl, cr, v, undefined)] as [string, Val3])])
      continue
    }
    right.delete(feature)
    features.push([feature, mixRows(cl, cr, rows, other)])
  }
  for (const [feature, other] of right) {
    features.push([feature, other.map(([label, v]) => [label, mixVal3(cl, cr, undefined, v)] as [string, Val3])])
  }
  return { count: cl + cr, features, version: lhs.version }
}

/**
 * The rows of one feature on both sides. Members list a feature's labels in the same order as a
 * rule, so rows are matched by position while the labels agree, and by label for the rest.
 */
const mixRows = (cl: number, cr: number, rows: Array<[string, Val3]>, other: Array<[string, Val3]>): Array<[string, Val3]> => {
  const out: Array<[string, Val3]> = []
  let i = 0
  const n = Math.min(rows.length, other.length)
  while (i < n && rows[i][0] === other[i][0]) {
    out.push([rows[i][0], mixVal3(cl, cr, rows[i][1], other[i][1])])
    i++
  }
  if (i === rows.length && i === other.length) return out
  const rest = new Map<string, Val3>()
  for (let j = i; j < other.length; j++) rest.set(other[j][0], other[j][1])
  for (let j = i; j < rows.length; j++) {
    const [label, v] = rows[j]
    out.push([label, mixVal3(cl, cr, v, rest.get(label))])
    rest.delete(label)
  }
  for (const [label, v] of rest) out.push([label, mixVal3(cl, cr, undefined, v)])
  return out
}

/**
 * Applies a folded diff (local_storage_mixture::set_average_and_clear_diff): only when it was made
 * against this model version; then master += diff, version + 1, local diff dropped. `keep` filters
 * labels (the unlearner drops evicted ones).
 */
export const putStorageDiff = (st: WeightStorage, d: StorageDiff, keep?: (label: string) => boolean): boolean => {
  if (d.version !== st.modelVersion) return false
  for (const [feature, rows] of d.features) {
    for (const [label, v] of rows) {
      if (keep === undefined || keep(label)) st.addToMaster(feature, label, v[0], v[1])
    }
  }
  st.modelVersion++
  st.clearDiff()
  return true
}

/** Every label a diff mentions, for the unlearner to touch first. */
export const labelsOfDiff = (d: StorageDiff): Array<string> => {
  const out: Array<string> = []
  for (const [, rows] of d.features) for (const [label] of rows) out.push(label)
  return out
}

