// Document statistics behind idf/bm25 weighting (jubatus_core fv_converter/keyword_weights): how many
// documents were trained, in how many each feature occurred, per-group frequencies and total lengths
// (bm25), and user weights. Wire shape (msgpack of the C++ class, counters wrapped in a 1-array):
// `[document_count, [document_frequencies], [group_frequencies], [group_total_lengths], user_weights]`.
import { ModelFormatError } from "../common/errors.ts"

type Counts = Map<string, number>

/** `key$value@rule#sw/gw` → `key@rule#sw/gw`; "" for keys without `@` or `$` (Jubatus's rule, quirks included). */
export const groupKeyOf = (name: string): string => {
  const at = name.lastIndexOf("@")
  if (at < 0) return ""
  const dollar = name.indexOf("$")
  if (dollar < 0) return ""
  return name.slice(0, dollar) + name.slice(at)
}

const add = (m: Counts, key: string, by: number): void => {
  m.set(key, (m.get(key) ?? 0) + by)
}

const addAll = (into: Counts, from: Counts): void => {
  for (const [k, v] of from) add(into, k, v)
}

// Null-prototype objects: feature names such as "__proto__" stay ordinary keys on the wire.
const toObject = (m: Counts): Record<string, number> => {
  const o: Record<string, number> = Object.create(null)
  for (const [k, v] of m) o[k] = v
  return o
}

const toNumber = (u: unknown): number | undefined =>
  typeof u === "number" ? u : typeof u === "bigint" ? Number(u) : undefined

const readMap = (u: unknown, what: string): Counts => {
  const out: Counts = new Map()
  if (u instanceof Map) {
    for (const [k, v] of u) {
      const n = toNumber(v)
      if (typeof k !== "string" || n === undefined) throw new ModelFormatError(`${what} must map strings to numbers`)
      out.set(k, n)
    }
    return out
  }
  if (typeof u !== "object" || u === null || Array.isArray(u) || ArrayBuffer.isView(u)) {
    throw new ModelFormatError(`${what} must be a map`)
  }
  for (const k of Object.keys(u)) {
    const n = toNumber((u as Record<string, unknown>)[k])
    if (n === undefined) throw new ModelFormatError(`${what} must map strings to numbers`)
    out.set(k, n)
  }
  return out
}

const readCounter = (u: unknown, what: string): Counts => {
  if (!Array.isArray(u) || u.length !== 1) throw new ModelFormatError(`${what} must be a 1-element array holding a map`)
  return readMap(u[0], what)
}

/** A uint64 from the wire (a number, or a bigint when the decoder keeps 64-bit integers). */
export const readCount = (u: unknown, what: string): number => {
  const n = toNumber(u)
  if (n === undefined || !Number.isInteger(n) || n < 0) throw new ModelFormatError(`${what} must be a non-negative integer`)
  return n
}

export class KeywordWeights {
  documentCount = 0
  readonly documentFrequencies: Counts = new Map()
  readonly groupFrequencies: Counts = new Map()
  readonly groupTotalLengths: Counts = new Map()
  readonly userWeights: Counts = new Map()

  /** Counts one trained document: every feature occurrence, and with `withGroups` its bm25 group. */
  countDocument(keys: ReadonlyArray<string>, values: ReadonlyArray<number>, withGroups: boolean): void {
    this.documentCount++
    const df = this.documentFrequencies
    let groups: Set<string> | undefined
    for (let i = 0; i < keys.length; i++) {
      add(df, keys[i], 1)
      if (withGroups) {
        const g = groupKeyOf(keys[i])
        if (g !== "") {
          ;(groups ??= new Set()).add(g)
          add(this.groupTotalLengths, g, values[i])
        }
      }
    }
    if (groups !== undefined) for (const g of groups) add(this.groupFrequencies, g, 1)
  }

  /** Adds `other`'s counts; on a user weight both define, this one's is kept (as Jubatus does). */
  merge(other: KeywordWeights): this {
    this.documentCount += other.documentCount
    addAll(this.documentFrequencies, other.documentFrequencies)
    addAll(this.groupFrequencies, other.groupFrequencies)
    addAll(this.groupTotalLengths, other.groupTotalLengths)
    for (const [k, v] of other.userWeights) if (!this.userWeights.has(k)) this.userWeights.set(k, v)
    return this
  }

  clear(): void {
    this.documentCount = 0
    this.documentFrequencies.clear()
    this.groupFrequencies.clear()
    this.groupTotalLengths.clear()
    this.userWeights.clear()
  }

  /** Replaces this table's content by `other`'s (copied). */
  assign(other: KeywordWeights): void {
    this.clear()
    this.merge(other)
  }

  status(prefix: string, out: Record<string, string>): void {
    out[`${prefix}_document_count`] = String(this.documentCount)
    out[`${prefix}_num_document_frequencies`] = String(this.documentFrequencies.size)
    out[`${prefix}_num_group_frequencies`] = String(this.groupFrequencies.size)
    out[`${prefix}_num_group_total_lengths`] = String(this.groupTotalLengths.size)
    out[`${prefix}_num_weights`] = String(this.userWeights.size)
  }

  toWire(): [number, [Record<string, number>], [Record<string, number>], [Record<string, number>], Record<string, number>] {
    return [
      this.documentCount,
      [toObject(this.documentFrequencies)],
      [toObject(this.groupFrequencies)],
      [toObject(this.groupTotalLengths)],
      toObject(this.userWeights)
    ]
  }

  /** Reads the wire shape; throws ModelFormatError naming `what` when it does not fit. */
  static fromWire(u: unknown, what: string): KeywordWeights {
    if (!Array.isArray(u) || u.length !== 5) throw new ModelFormatError(`${what} must be a 5-element array`)
    const w = new KeywordWeights()
    w.documentCount = readCount(u[0], `${what}.document_count`)
    addAll(w.documentFrequencies, readCounter(u[1], `${what}.document_frequencies`))
    addAll(w.groupFrequencies, readCounter(u[2], `${what}.group_frequencies`))
    addAll(w.groupTotalLengths, readCounter(u[3], `${what}.group_total_lengths`))
    addAll(w.userWeights, readMap(u[4], `${what}.user_weights`))
    return w
  }
}
