// Wire types of RPC arguments and results (the types of Jubatus's IDL: string, int, double, list<T>,
// map<K,V>, message structs). Each one checks a decoded MessagePack value without copying it: byte
// strings arriving where a string is expected (the msgpack-0.5 "raw" era) are converted in place.
// A failed check is an ARGUMENT_ERROR (code 2) at the server and the proxy.

import { arrayStart, header, isFloatAt, mapStart, readNumber, skipRaw, skipValue } from "../rpc/MsgpackScan.ts"
import type { MsgpackWriter } from "../rpc/MsgpackWriter.ts"

export const Invalid: unique symbol = Symbol.for("juba/engine/WireType/Invalid")
export type Invalid = typeof Invalid

export interface WireType<A> {
  /** IDL spelling, for messages and docs: `list<datum>` */
  readonly idl: string
  /** The value as `A`, or `Invalid`. May replace nested byte strings by strings in place. */
  readonly check: (value: unknown) => A | Invalid
  /** What an empty broadcast aggregates to (Jubatus returns the type's default value). */
  readonly zero: () => A
  /** Encodes a value of this type as Jubatus peers expect (a `double` is float64 even when integral). */
  readonly write: (w: MsgpackWriter, value: A) => void
  /**
   * Accepts exactly what `check` accepts, reading the encoded value in place (src/rpc/MsgpackScan.ts):
   * the offset after it, or -1. A proxy validates arguments with it without decoding them. Types
   * built from the combinators below have it; a hand-made type without it is checked by decoding.
   */
  readonly scan?: Scanner
}

/** `scan(bytes, pos, end, view)`: the offset after a valid value at `pos`, or -1. */
export type Scanner = (b: Uint8Array, pos: number, end: number, view: DataView) => number

const number = { value: 0 }

export type TypeOf<W> = W extends WireType<infer A> ? A : never

const utf8 = new TextDecoder("utf-8", { fatal: false })
const utf8Encoder = new TextEncoder()

const checkString = (v: unknown): string | Invalid =>
  typeof v === "string" ? v : v instanceof Uint8Array ? utf8.decode(v) : Invalid

export const string: WireType<string> = { idl: "string", check: checkString, zero: () => "", write: (w, v) => w.string(v), scan: skipRaw }

/** Raw bytes (`raw` in Jubatus's internal RPCs); a str-family value is taken as its UTF-8 bytes. */
export const raw: WireType<Uint8Array> = {
  idl: "raw",
  check: (v) => (v instanceof Uint8Array ? v : typeof v === "string" ? utf8Encoder.encode(v) : Invalid),
  zero: () => new Uint8Array(0),
  write: (w, v) => w.raw(v),
  scan: skipRaw
}

export const bool: WireType<boolean> = {
  idl: "bool",
  check: (v) => (typeof v === "boolean" ? v : Invalid),
  zero: () => false,
  write: (w, v) => w.bool(v),
  scan: (b, pos, end) => (pos < end && (b[pos] === 0xc2 || b[pos] === 0xc3) ? pos + 1 : -1)
}

const integer = (idl: string, min: number, max: number): WireType<number> => ({
  idl,
  check: (v) => {
    if (typeof v === "number") return Number.isInteger(v) && v >= min && v <= max ? v : Invalid
    if (typeof v === "bigint") return v >= BigInt(min) && v <= BigInt(max) ? Number(v) : Invalid
    return Invalid
  },
  zero: () => 0,
  write: (w, v) => w.int(v),
  // A float is an integer argument when it is integral and in range, as `check` sees the decoded number.
  scan: (b, pos, end, view) => {
    if (pos < end && b[pos] === 0xc0) return -1
    const next = readNumber(b, pos, end, view, number)
    return next >= 0 && (!isFloatAt(b, pos) || Number.isInteger(number.value)) && number.value >= min && number.value <= max ? next : -1
  }
})

export const int = integer("int", -0x80000000, 0x7fffffff)
export const uint = integer("uint", 0, 0xffffffff)
/** int64/uint64 are carried as numbers; values past 2^53 lose precision, as in every JS client. */
export const long = integer("long", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
export const ulong = integer("ulong", 0, Number.MAX_SAFE_INTEGER)

/** float64; integers are accepted too (clients in dynamic languages send 1 for 1.0). */
export const double: WireType<number> = {
  idl: "double",
  check: (v) => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : Invalid),
  zero: () => 0,
  write: (w, v) => w.double(v),
  scan: (b, pos, end, view) => (pos < end && b[pos] !== 0xc0 && b[pos] !== 0xc2 && b[pos] !== 0xc3 ? readNumber(b, pos, end, view, number) : -1)
}
export const float: WireType<number> = { ...double, idl: "float" }

/** Anything at all (`do_mix` ignores its argument). */
export const any: WireType<unknown> = { idl: "object", check: (v) => v, zero: () => null, write: (w, v) => w.value(v), scan: skipValue }

export const list = <A>(item: WireType<A>): WireType<Array<A>> => ({
  idl: `list<${item.idl}>`,
  check: (v) => {
    if (!Array.isArray(v)) return Invalid
    for (let i = 0; i < v.length; i++) {
      const e = v[i]
      const c = item.check(e)
      if (c === Invalid) return Invalid
      if (c !== e) v[i] = c
    }
    return v as Array<A>
  },
  zero: () => [],
  write: (w, v) => {
    w.arrayHeader(v.length)
    for (let i = 0; i < v.length; i++) item.write(w, v[i])
  },
  scan:
    item.scan === undefined
      ? undefined
      : (b, pos, end, view) => {
          let at = arrayStart(b, pos, end)
          const count = header.count
          for (let i = 0; i < count && at >= 0; i++) at = item.scan!(b, at, end, view)
          return at
        }
})

export const map = <K extends string, V>(key: WireType<K>, value: WireType<V>): WireType<Record<K, V>> => ({
  idl: `map<${key.idl}, ${value.idl}>`,
  check: (v) => {
    if (v === null || typeof v !== "object" || Array.isArray(v) || v instanceof Uint8Array) return Invalid
    const o = v as Record<string, unknown>
    for (const k in o) {
      if (key.check(k) === Invalid) return Invalid
      const e = o[k]
      const c = value.check(e)
      if (c === Invalid) return Invalid
      if (c !== e) o[k] = c
    }
    return o as Record<K, V>
  },
  zero: () => ({}) as Record<K, V>,
  write: (w, v) => {
    const keys = Object.keys(v) as Array<K>
    w.mapHeader(keys.length)
    for (const k of keys) {
      key.write(w, k)
      value.write(w, v[k])
    }
  },
  // Decoded map keys are always strings (the reader stringifies others), so a string key accepts any
  // encoded key; other key types must scan.
  scan:
    value.scan === undefined || (key !== (string as WireType<unknown>) && key.scan === undefined)
      ? undefined
      : (b, pos, end, view) => {
          let at = mapStart(b, pos, end)
          const count = header.count
          const scanKey = key === (string as WireType<unknown>) ? skipValue : key.scan!
          for (let i = 0; i < count && at >= 0; i++) {
            at = scanKey(b, at, end, view)
            if (at >= 0) at = value.scan!(b, at, end, view)
          }
          return at
        }
})

type Fields<T extends ReadonlyArray<unknown>> = { readonly [I in keyof T]: WireType<T[I]> }

/**
 * A fixed-size array: IDL tuples and `message` structs (arrays in field order). Extra trailing
 * elements are tolerated, as msgpack-c's tuple conversion does.
 */
export const tuple = <T extends ReadonlyArray<unknown>>(idl: string, ...fields: Fields<T>): WireType<T> => ({
  idl,
  check: (v) => {
    if (!Array.isArray(v) || v.length < fields.length) return Invalid
    for (let i = 0; i < fields.length; i++) {
      const e = v[i]
      const c = fields[i].check(e)
      if (c === Invalid) return Invalid
      if (c !== e) v[i] = c
    }
    return v as unknown as T
  },
  zero: () => fields.map((f) => f.zero()) as unknown as T,
  write: (w, v) => {
    w.arrayHeader(fields.length)
    for (let i = 0; i < fields.length; i++) fields[i].write(w, v[i])
  },
  scan: fields.some((f) => f.scan === undefined)
    ? undefined
    : (b, pos, end, view) => {
        let at = arrayStart(b, pos, end)
        const count = header.count
        if (at < 0 || count < fields.length) return -1
        for (let i = 0; i < fields.length && at >= 0; i++) at = fields[i].scan!(b, at, end, view)
        for (let i = fields.length; i < count && at >= 0; i++) at = skipValue(b, at, end)
        return at
      }
})
