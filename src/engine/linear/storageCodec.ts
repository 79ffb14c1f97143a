// The storage of the linear models (classifier and regression) as jubatus_core packs it:
// local_storage / local_storage_mixture = [tbl, class2id, tbl_diff, [model_version]], where
//   tbl, tbl_diff  map<feature, map<label_id, [v1 weight, v2 covariance, v3]>>  (doubles)
//   class2id       [map<label, id>, map<id, label>, next_id]
// Maps come out in juba's order, not C++'s hash order: readers of either side do not depend on it.
// juba 0.1's own layout (legacyModelCodec.ts) is still read.
import { ModelFormatError } from "../../common/errors.ts"
import { Float64 } from "../../rpc/MsgpackWriter.ts"
import { decodeLegacyStorageImage } from "./legacyModelCodec.ts"
import { IN_DIFF, IN_MASTER, WeightStorage, type StorageImage } from "./WeightStorage.ts"
import { asNumber, asString, asVersion, mapEntries } from "./wireValues.ts"

const bad = (detail: string): never => {
  throw new ModelFormatError(detail)
}

const ZERO = new Float64(0)

/** A double as decoded from MessagePack, or still boxed when the payload did not go through bytes. */
const doubleOf = (v: unknown): number | undefined => (v instanceof Float64 ? v.value : asNumber(v))

const val3 = (w: number, cov: number): Array<Float64> => [new Float64(w), new Float64(cov), ZERO]

export const packStorage = (st: WeightStorage): unknown => {
  const image = st.toImage()
  const tbl = new Map<string, Map<number, Array<Float64>>>()
  const diff = new Map<string, Map<number, Array<Float64>>>()
  let k = 0
  for (let row = 0; row < image.features.length; row++) {
    let master: Map<number, Array<Float64>> | undefined
    let pending: Map<number, Array<Float64>> | undefined
    for (let j = 0; j < image.rowLengths[row]; j++, k++) {
      const label = image.slotLabels[k]
      const flags = image.flags[k]
      if (flags & IN_MASTER) (master ??= new Map()).set(label, val3(image.masterW[k], image.masterCov[k]))
      if (flags & IN_DIFF) (pending ??= new Map()).set(label, val3(image.diffW[k], image.diffCov[k]))
    }
    if (master !== undefined) tbl.set(image.features[row], master)
    if (pending !== undefined) diff.set(image.features[row], pending)
  }
  const labelToId = new Map<string, number>()
  const idToLabel = new Map<number, string>()
  image.labels.forEach((label, id) => {
    labelToId.set(label, id)
    idToLabel.set(id, label)
  })
  return [tbl, [labelToId, idToLabel, image.labels.length], diff, [image.modelVersion]]
}

/**
 * Map entries with string keys, whether the map was decoded from MessagePack (keys as strings, ids
 * as numbers) or is a freshly packed Map with numeric keys.
 */
export const entriesOf = (v: unknown): Array<[string, unknown]> | undefined => {
  if (!(v instanceof Map)) return mapEntries(v)
  const out: Array<[string, unknown]> = []
  for (const [k, e] of v) {
    const key = typeof k === "number" ? String(k) : asString(k)
    if (key === undefined) return undefined
    out.push([key, e])
  }
  return out
}

/** A juba 0.1 storage is a flat 10-element array; jubatus_core's has 4 elements. */
export const isLegacyStorage = (v: unknown): boolean => Array.isArray(v) && v.length === 10

/** `[map<label,id>, map<id,label>, next_id]` → label by id. */
const decodeClass2Id = (v: unknown): Map<number, string> => {
  if (!Array.isArray(v) || v.length !== 3) return bad("storage class2id: expected [label_to_id, id_to_label, next_id]")
  const byId = new Map<number, string>()
  const entries = entriesOf(v[1]) ?? bad("storage class2id: expected a map from id to label")
  for (const [key, value] of entries) {
    const id = Number(key)
    const label = asString(value)
    if (!Number.isInteger(id) || id < 0 || label === undefined) return bad("storage class2id: expected a map from id to label")
    byId.set(id, label)
  }
  return byId
}

interface Row {
  readonly feature: string
  readonly master: Map<number, [number, number]>
  readonly diff: Map<number, [number, number]>
}

const readTable = (v: unknown, what: string, rows: Map<string, Row>, part: "master" | "diff", labelIds: Map<number, string>): void => {
  const features = entriesOf(v) ?? bad(`${what}: expected a map from feature to weights`)
  for (const [feature, cells] of features) {
    const entries = entriesOf(cells) ?? bad(`${what}: feature "${feature}": expected a map from label id to values`)
    let row = rows.get(feature)
    if (row === undefined) rows.set(feature, (row = { feature, master: new Map(), diff: new Map() }))
    for (const [key, value] of entries) {
      const id = Number(key)
      if (!labelIds.has(id)) return bad(`${what}: feature "${feature}" refers to unknown label id ${key}`)
      const w = Array.isArray(value) && value.length >= 2 ? doubleOf(value[0]) : undefined
      const cov = w === undefined ? undefined : doubleOf((value as Array<unknown>)[1])
      if (w === undefined || cov === undefined) return bad(`${what}: feature "${feature}": expected [v1, v2, v3] doubles`)
      row[part].set(id, [w, cov])
    }
  }
}

/** Validates a jubatus_core storage payload and turns it into juba's storage image. */
const decodeStorageImage = (v: unknown): StorageImage => {
  if (!Array.isArray(v) || v.length !== 4) return bad("storage: expected [tbl, class2id, tbl_diff, model_version]")
  const labelIds = decodeClass2Id(v[1])
  const modelVersion = asVersion(v[3]) ?? bad("storage: expected the model version as [uint]")
  const rows = new Map<string, Row>()
  readTable(v[0], "storage tbl", rows, "master", labelIds)
  readTable(v[2], "storage tbl_diff", rows, "diff", labelIds)
  const ids = [...labelIds.keys()].sort((a, b) => a - b)
  const dense = new Map(ids.map((id, i) => [id, i]))
  const labels = ids.map((id) => labelIds.get(id)!)
  const features: Array<string> = []
  let slots = 0
  for (const row of rows.values()) slots += new Set([...row.master.keys(), ...row.diff.keys()]).size
  const rowLengths = new Uint32Array(rows.size)
  const slotLabels = new Uint32Array(slots)
  const flags = new Uint8Array(slots)
  const masterW = new Float64Array(slots)
  const masterCov = new Float64Array(slots)
  const diffW = new Float64Array(slots)
  const diffCov = new Float64Array(slots)
  let k = 0
  for (const row of rows.values()) {
    const cellIds = [...new Set([...row.master.keys(), ...row.diff.keys()])]
    rowLengths[features.length] = cellIds.length
    features.push(row.feature)
    for (const id of cellIds) {
      slotLabels[k] = dense.get(id)!
      const m = row.master.get(id)
      const d = row.diff.get(id)
      if (m !== undefined) {
        flags[k] |= IN_MASTER
        masterW[k] = m[0]
        masterCov[k] = m[1]
      }
      if (d !== undefined) {
        flags[k] |= IN_DIFF
        diffW[k] = d[0]
        diffCov[k] = d[1]
      }
      k++
    }
  }
  return { labels, features, rowLengths, slotLabels, flags, masterW, masterCov, diffW, diffCov, modelVersion }
}

/** The storage image of a packed storage in either layout (jubatus_core's or juba 0.1's). */
export const storageImageOf = (v: unknown): StorageImage => (isLegacyStorage(v) ? decodeLegacyStorageImage(v) : decodeStorageImage(v))

export const unpackStorage = (v: unknown, mixture: boolean): WeightStorage => WeightStorage.fromImage(storageImageOf(v), mixture)

