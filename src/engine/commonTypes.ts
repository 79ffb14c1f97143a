// Wire types shared by every engine (jubatus/server/server/*.idl common structs).
import type { Datum } from "../fv/Datum.ts"
import * as W from "./WireType.ts"

const stringPair = W.tuple<[string, string]>("[string, string]", W.string, W.string)
const numPair = W.tuple<[string, number]>("[string, double]", W.string, W.double)
const binaryPair = W.tuple<[string, Uint8Array]>("[string, raw]", W.string, W.raw)

const generic = W.tuple<Datum>("datum", W.list(stringPair), W.list(numPair), W.list(binaryPair))

const utf8 = new TextDecoder()

/** The common case of a num list, [[string, number], …], checked in one tight loop. */
const plainNumList = (v: unknown): boolean => {
  if (!Array.isArray(v)) return false
  for (let i = 0; i < v.length; i++) {
    const p = v[i]
    if (!Array.isArray(p) || p.length < 2 || typeof p[1] !== "number") return false
    const k = p[0]
    if (typeof k !== "string") {
      if (!(k instanceof Uint8Array)) return false
      p[0] = utf8.decode(k)
    }
  }
  return true
}

const plainStringList = (v: unknown): boolean => {
  if (!Array.isArray(v)) return false
  for (let i = 0; i < v.length; i++) {
    const p = v[i]
    if (!Array.isArray(p) || p.length < 2) return false
    if (typeof p[0] !== "string" || typeof p[1] !== "string") return false
  }
  return true
}

/**
 * `datum = [string_values, num_values, binary_values]`. Datums are checked on every train and
 * classify, so the usual shapes take a fast path; anything unusual (byte-string keys in string values,
 * integers as 64-bit, raw values) goes through the generic tuple check.
 */
export const datum: W.WireType<Datum> = {
  ...generic,
  check: (v) => {
    if (Array.isArray(v) && v.length >= 3 && plainStringList(v[0]) && plainNumList(v[1]) && Array.isArray(v[2]) && v[2].length === 0)
      return v as unknown as Datum
    return generic.check(v)
  }
}

/** `get_status` / `get_proxy_status`: `{ "<ip>_<port>": { key: value } }` */
export const statusMap = W.map(W.string, W.map(W.string, W.string))
