// Feature hashing (jubatus_core fv_converter/feature_hasher + common/hash_util): the 64-bit FNV-1 hash
// of a feature name's UTF-8 bytes, reduced modulo `hash_max_size`. Each hashed feature is hashed once
// per datum, so the 64-bit product is done in two 32-bit halves rather than with BigInt.

/** The hash as two unsigned 32-bit halves: `hi * 2^32 + lo`. */
export interface Hash64 {
  hi: number
  lo: number
}

// FNV-1 64-bit offset basis 14695981039346656037 = 0xcbf29ce484222325
const OFFSET_HI = 0xcbf29ce4
const OFFSET_LO = 0x84222325
// The prime 1099511628211 = 2^40 + 0x1b3: h * prime = h * 0x1b3 + (h << 40)
const PRIME_LOW = 0x1b3
const TWO_32 = 4294967296

/** FNV-1 over the UTF-8 bytes of `s`, written into `out` (reused to stay allocation-free). */
export const fnv1Hash64Into = (s: string, out: Hash64): Hash64 => {
  let hi = OFFSET_HI
  let lo = OFFSET_LO
  const n = s.length
  let i = 0
  // Pending UTF-8 bytes of a multi-byte character, oldest in the lowest byte.
  let pending = 0
  let pendingCount = 0
  while (i < n || pendingCount > 0) {
    let byte: number
    if (pendingCount > 0) {
      byte = pending & 0xff
      pending >>>= 8
      pendingCount--
    } else {
      let c = s.charCodeAt(i++)
      if (c < 0x80) {
        byte = c
      } else if (c < 0x800) {
        byte = 0xc0 | (c >> 6)
        pending = 0x80 | (c & 0x3f)
        pendingCount = 1
      } else {
        if (c >= 0xd800 && c <= 0xdbff && i < n) {
          const d = s.charCodeAt(i)
          if (d >= 0xdc00 && d <= 0xdfff) {
            i++
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
          }
        }
        // A lone surrogate is encoded as U+FFFD, as TextEncoder (and msgpack's encoder) does.
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd
        if (c < 0x10000) {
          byte = 0xe0 | (c >> 12)
          pending = (0x80 | ((c >> 6) & 0x3f)) | ((0x80 | (c & 0x3f)) << 8)
          pendingCount = 2
        } else {
          byte = 0xf0 | (c >> 18)
          pending = (0x80 | ((c >> 12) & 0x3f)) | ((0x80 | ((c >> 6) & 0x3f)) << 8) |
            ((0x80 | (c & 0x3f)) << 16)
          pendingCount = 3
        }
      }
    }
    // h *= prime (mod 2^64)
    const t = lo * PRIME_LOW // < 2^41: exact in a double
    const newLo = t >>> 0
    const carry = (t - newLo) / TWO_32
    hi = (Math.imul(hi, PRIME_LOW) + carry + (lo << 8)) >>> 0
    lo = newLo
    // h ^= byte, where Jubatus's `char` is signed: bytes >= 0x80 are sign-extended to 64 bits.
    if (byte < 0x80) {
      lo = (lo ^ byte) >>> 0
    } else {
      lo = (lo ^ (0xffffff00 | byte)) >>> 0
      hi = (hi ^ 0xffffffff) >>> 0
    }
  }
  out.hi = hi
  out.lo = lo
  return out
}

/** `(hi * 2^32 + lo) mod m` for an integer 0 < m <= 2^53, exact without BigInt up to m = 2^37. */
export const mod64 = (hi: number, lo: number, m: number): number => {
  if (m <= 0x200000) {
    // (hi mod m) < 2^21, so the product with 2^32 stays below 2^53
    return ((hi % m) * TWO_32 + lo) % m
  }
  if (m <= 0x2000000000) {
    // 16 bits at a time keeps every intermediate below 2^53
    let r = hi % m
    r = (r * 65536 + (lo >>> 16)) % m
    return (r * 65536 + (lo & 0xffff)) % m
  }
  return Number(((BigInt(hi) << 32n) | BigInt(lo)) % BigInt(m))
}

const scratch: Hash64 = { hi: 0, lo: 0 }

/** The name Jubatus gives a hashed feature: the decimal string of `FNV1(name) mod maxSize`. */
export const hashFeatureKey = (name: string, maxSize: number): string => {
  fnv1Hash64Into(name, scratch)
  return String(mod64(scratch.hi, scratch.lo, maxSize))
}
