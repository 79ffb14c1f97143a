// The classifier payload of juba 0.1 model files (before juba wrote jubatus_core's layout), read so
// that models saved by an earlier juba still load; modelCodec.ts converts them on the way in.
//
//   storage = [labels, features, row_lengths, slot_labels, flags, master_w, master_cov,
//              diff_w, diff_cov, model_version]
//     labels       list<string>  the storage's labels in order; a slot's label is an index into it
//     features     list<string>  one row per feature, in this order
//     row_lengths  list<uint>    per feature: its number of slots
//     slot_labels  list<uint>    per slot, rows concatenated in feature order
//     flags        list<uint>    per slot: 1 = in the master table, 2 = in the pending diff, 3 = both;
//                                empty = every slot in the master table only
//     master_w, master_cov  list<double>  per slot (0 where not in the master table)
//     diff_w, diff_cov      list<double>  per slot, or empty when no slot is in the diff
//     model_version uint
//   labels  = [master, diff, version] with master/diff = list<[label, count]>
import { ModelFormatError } from "../../common/errors.ts"
import { LabelCounts } from "./LabelCounts.ts"
import { IN_DIFF, IN_MASTER, type StorageImage } from "./WeightStorage.ts"
import { asCount, asNumber, asString } from "./wireValues.ts"

const bad = (detail: string): never => {
  throw new ModelFormatError(detail)
}

const stringList = (v: unknown, what: string): Array<string> => {
  if (!Array.isArray(v)) return bad(`${what}: expected a list of strings`)
  const out = new Array<string>(v.length)
  for (let i = 0; i < v.length; i++) {
    const s = asString(v[i])
    if (s === undefined) return bad(`${what}: expected a list of strings`)
    out[i] = s
  }
  if (new Set(out).size !== out.length) return bad(`${what}: duplicate entries`)
  return out
}

const lengthCheck = (v: unknown, what: string, count: number | undefined): Array<unknown> => {
  if (!Array.isArray(v)) return bad(`${what}: expected a list of numbers`)
  if (count !== undefined && v.length !== count) return bad(`${what}: expected ${count} entries, found ${v.length}`)
  return v
}

const doubles = (v: unknown, what: string, count: number): Float64Array => {
  const a = lengthCheck(v, what, count)
  const out = new Float64Array(a.length)
  for (let i = 0; i < a.length; i++) {
    const e = a[i]
    const n = typeof e === "number" ? e : asNumber(e)
    if (n === undefined) return bad(`${what}: expected a list of numbers`)
    out[i] = n
  }
  return out
}

const uints = (v: unknown, what: string, count: number | undefined): Uint32Array => {
  const a = lengthCheck(v, what, count)
  const out = new Uint32Array(a.length)
  for (let i = 0; i < a.length; i++) {
    const n = asCount(a[i])
    if (n === undefined || n > 0xffffffff) return bad(`${what}: expected a list of unsigned integers`)
    out[i] = n
  }
  return out
}

/** Validates a legacy packed storage and returns its image. */
export const decodeLegacyStorageImage = (v: unknown): StorageImage => {
  if (!Array.isArray(v) || v.length !== 10) return bad("storage: expected an array of 10 elements")
  const labels = stringList(v[0], "storage labels")
  const features = stringList(v[1], "storage features")
  const rowLengths = uints(v[2], "storage row lengths", features.length)
  let slots = 0
  for (let i = 0; i < rowLengths.length; i++) slots += rowLengths[i]
  const slotLabels = uints(v[3], "storage slot labels", slots)
  const packedFlags = lengthCheck(v[4], "storage flags", undefined)
  const flagWords =
    packedFlags.length === 0 ? new Uint32Array(slots).fill(IN_MASTER) : uints(v[4], "storage flags", slots)
  const masterW = doubles(v[5], "storage master weights", slots)
  const masterCov = doubles(v[6], "storage master covariances", slots)
  const diffLength = Array.isArray(v[7]) && v[7].length === 0 ? 0 : slots
  const diffW = doubles(v[7], "storage diff weights", diffLength)
  const diffCov = doubles(v[8], "storage diff covariances", diffLength)
  const modelVersion = asCount(v[9])
  if (modelVersion === undefined) return bad("storage: expected the model version as an unsigned integer")
  // every slot: a known label, at most once per row, present in the master table or the diff
  const seen = new Int32Array(labels.length).fill(-1)
  let k = 0
  for (let row = 0; row < rowLengths.length; row++) {
    for (let j = 0; j < rowLengths[row]; j++, k++) {
      const label = slotLabels[k]
      if (label >= labels.length) return bad(`storage: feature "${features[row]}" refers to label #${label} of ${labels.length}`)
      if (seen[label] === row) return bad(`storage: feature "${features[row]}" lists label "${labels[label]}" twice`)
      seen[label] = row
      const f = flagWords[k]
      if (f === 0 || (f & ~(IN_MASTER | IN_DIFF)) !== 0) return bad(`storage: invalid slot flags ${f}`)
      if (diffLength === 0 && f & IN_DIFF) return bad("storage: slots in the diff but no diff values")
    }
  }
  const flags = Uint8Array.from(flagWords)
  return { labels, features, rowLengths, slotLabels, flags, masterW, masterCov, diffW, diffCov, modelVersion }
}

const countTable = (v: unknown, what: string): Map<string, number> => {
  if (!Array.isArray(v)) return bad(`${what}: expected a list of [label, count]`)
  const out = new Map<string, number>()
  for (const e of v) {
    const label = Array.isArray(e) && e.length === 2 ? asString(e[0]) : undefined
    const count = label === undefined ? undefined : asCount(e[1])
    if (label === undefined || count === undefined) return bad(`${what}: expected a list of [label, count]`)
    if (out.has(label)) return bad(`${what}: label "${label}" listed twice`)
    out.set(label, count)
  }
  return out
}

/** Reads legacy labels; undefined when `v` is not in the legacy layout. */
export const unpackLegacyLabels = (v: unknown): LabelCounts => {
  if (!Array.isArray(v) || v.length !== 3) return bad("labels: expected [master, diff, version]")
  const version = asCount(v[2])
  if (version === undefined) return bad("labels: expected the version as an unsigned integer")
  return LabelCounts.restore(countTable(v[0], "labels master"), countTable(v[1], "labels diff"), version)
}
