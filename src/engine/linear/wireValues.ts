// Readers for values decoded from MessagePack (diffs from other servers, packed models): strings may
// arrive as byte arrays (msgpack-0.5 "raw"), uint64 as bigint, maps as objects or Maps. Each reader
// returns undefined on a mismatch so the caller can say where the shape broke.

const utf8 = new TextDecoder("utf-8", { fatal: false })

export const asString = (v: unknown): string | undefined =>
  typeof v === "string" ? v : v instanceof Uint8Array ? utf8.decode(v) : undefined

export const asNumber = (v: unknown): number | undefined =>
  typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : undefined

/** A non-negative integer (uint64 counts and versions; past 2^53 precision is lost, as everywhere in JS). */
export const asCount = (v: unknown): number | undefined => {
  const n = asNumber(v)
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined
}

/** jubatus_core storage::version packs as `[number]`; a bare number is accepted too. */
export const asVersion = (v: unknown): number | undefined =>
  Array.isArray(v) ? (v.length === 1 ? asCount(v[0]) : undefined) : asCount(v)

/** The entries of a MessagePack map (plain object or Map) with string keys. */
export const mapEntries = (v: unknown): Array<[string, unknown]> | undefined => {
  if (v instanceof Map) {
    const out: Array<[string, unknown]> = []
    for (const [k, e] of v) {
      const key = asString(k)
      if (key === undefined) return undefined
      out.push([key, e])
    }
    return out
  }
  if (v === null || typeof v !== "object" || Array.isArray(v) || ArrayBuffer.isView(v)) return undefined
  return Object.entries(v as Record<string, unknown>)
}

/** A plain object usable as a MessagePack map, safe for keys such as `__proto__`. */
export const toWireMap = (entries: Iterable<readonly [string, unknown]>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of entries) {
    if (k === "__proto__") Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
    else out[k] = v
  }
  return out
}
