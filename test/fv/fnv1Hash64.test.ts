import { describe, expect, test } from "bun:test"
import { fnv1Hash64Into, hashFeatureKey, mod64 } from "../../src/fv/fnv1Hash64.ts"

// Independent reference: FNV-1 64 with BigInt, bytes sign-extended like C++'s signed `char`.
const reference = (s: string): bigint => {
  let h = 14695981039346656037n
  for (const b of new TextEncoder().encode(s)) {
    h = (h * 1099511628211n) & 0xffffffffffffffffn
    h ^= b >= 0x80 ? BigInt(b) | 0xffffffffffffff00n : BigInt(b)
  }
  return h
}

const hash = (s: string): bigint => {
  const h = fnv1Hash64Into(s, { hi: 0, lo: 0 })
  return (BigInt(h.hi) << 32n) | BigInt(h.lo)
}

describe("fnv1Hash64", () => {
  test("matches the published FNV-1 64 test vectors for ASCII", () => {
    expect(hash("")).toBe(0xcbf29ce484222325n)
    expect(hash("a")).toBe(0xaf63bd4c8601b7ben)
    expect(hash("foobar")).toBe(0x340d8765a4dda9c2n)
  })

  test("sign-extends bytes of multi-byte characters as Jubatus's signed char does", () => {
    for (const s of ["é", "日本語", "key$値@str#bin/bin", "😀x", "a\u0080b"]) expect(hash(s)).toBe(reference(s))
    // and this really differs from the unsigned-byte variant
    let unsigned = 14695981039346656037n
    for (const b of new TextEncoder().encode("é")) unsigned = ((unsigned * 1099511628211n) & 0xffffffffffffffffn) ^ BigInt(b)
    expect(hash("é")).not.toBe(unsigned)
  })

  test("agrees with the BigInt reference on feature-like names", () => {
    const names = ["x@num", "name$Taro@str#bin/bin", "a@num&b@num/mul", "k".repeat(300)]
    for (const s of names) expect(hash(s)).toBe(reference(s))
  })

  test("reduces the 64-bit hash modulo small, medium and large sizes exactly", () => {
    const h = fnv1Hash64Into("name$Taro@str#bin/bin", { hi: 0, lo: 0 })
    const full = (BigInt(h.hi) << 32n) | BigInt(h.lo)
    for (const m of [1, 16, 1048576, 2097153, 1e9 + 7, 2 ** 37, 2 ** 37 + 1, 2 ** 52]) {
      expect(BigInt(mod64(h.hi, h.lo, m))).toBe(full % BigInt(m))
    }
  })

  test("names a hashed feature by the decimal remainder", () => {
    expect(hashFeatureKey("x@num", 16)).toBe(String(reference("x@num") % 16n))
    expect(hashFeatureKey("x@num", 1000003)).toBe(String(reference("x@num") % 1000003n))
  })
})
