// The regression model as jubatus_core packs it (linear_regression::pack, local_storage), so a model
// saved by C++ Jubatus 1.1.1 loads here and the reverse:
//
//   regression_model = [storage]
//   storage = [tbl, class2id, tbl_diff, [model_version]]
//     tbl       map<feature, map<class_id, [v1 weight, v2 covariance, v3]>>  (doubles; one class "+")
//     class2id  [map<class, id>, map<id, class>, next_id]
//
// Maps come out in juba's order, not C++'s hash order: readers of either side do not depend on it.
import { ModelFormatError } from "../../common/errors.ts"
import { Float64 } from "../../rpc/MsgpackWriter.ts"
import { asNumber, asString, mapEntries } from "../classifier/wireValues.ts"

/** feature → [weight, covariance] of the single class "+". */
export type Rows = Map<string, [number, number]>

const bad = (detail: string): never => {
  throw new ModelFormatError(`regression model: ${detail}`)
}

const ZERO = new Float64(0)

export const packRegressionModel = (rows: Rows, hasClass: boolean): unknown => {
  const tbl = new Map<string, Map<number, Array<Float64>>>()
  for (const [f, [w, cov]] of rows) tbl.set(f, new Map([[0, [new Float64(w), new Float64(cov), ZERO]]]))
  const class2id = hasClass
    ? [new Map([["+", 0]]), new Map([[0, "+"]]), 1]
    : [new Map<string, number>(), new Map<number, string>(), 0]
  return [[tbl, class2id, new Map(), [0]]]
}

/** Map entries with string keys, decoded from MessagePack or a freshly packed Map with numeric keys. */
const entriesOf = (v: unknown): Array<[string, unknown]> | undefined => {
  if (!(v instanceof Map)) return mapEntries(v)
  const out: Array<[string, unknown]> = []
  for (const [k, e] of v) {
    const key = typeof k === "number" ? String(k) : asString(k)
    if (key === undefined) return undefined
    out.push([key, e])
  }
  return out
}

const doubleOf = (v: unknown): number | undefined => (v instanceof Float64 ? v.value : asNumber(v))

export const unpackRegressionModel = (model: unknown): { rows: Rows; hasClass: boolean } => {
  if (!Array.isArray(model) || model.length !== 1) return bad("expected [storage]")
  const storage = model[0]
  if (!Array.isArray(storage) || storage.length !== 4) return bad("storage: expected [tbl, class2id, tbl_diff, [version]]")
  const class2id = storage[1]
  if (!Array.isArray(class2id) || class2id.length !== 3) return bad("class2id: expected [key_to_id, id_to_key, next_id]")
  let plusId: string | undefined
  for (const [key, id] of entriesOf(class2id[0]) ?? bad("class2id: expected a map from class to id")) {
    if (key === "+") plusId = String(asNumber(id))
  }
  const rows: Rows = new Map()
  for (const [feature, row] of entriesOf(storage[0]) ?? bad("tbl: expected a map from feature to row")) {
    for (const [id, val3] of entriesOf(row) ?? bad(`tbl row "${feature}": expected a map from class id to value`)) {
      if (id !== plusId) continue
      if (!Array.isArray(val3) || val3.length !== 3) return bad(`tbl row "${feature}": expected [weight, covariance, v3]`)
      const w = doubleOf(val3[0])
      const cov = doubleOf(val3[1])
      if (w === undefined || cov === undefined) return bad(`tbl row "${feature}": expected numbers`)
      rows.set(feature, [w, cov])
    }
  }
  return { rows, hasClass: plusId !== undefined }
}
