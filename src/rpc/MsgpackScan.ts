// Reading a whole MessagePack frame in place, without building values: the headers of arrays, maps,
// strings and numbers at an offset, and skipping a value. A proxy checks a request's argument types
// with these (src/engine/WireType.ts `scan`) and forwards the bytes it never decoded. Every function
// expects a frame already known to be complete (FrameScanner found its end), so reads stay in bounds
// of `end` or report -1.

/**
 * The item count of the array or map header read last (pairs for a map): read it right after the call,
 * before the next one. A shared field rather than a returned object keeps scanning allocation-free.
 */
export const header = { count: 0 }

const u16 = (b: Uint8Array, at: number): number => (b[at] << 8) | b[at + 1]
const u32 = (b: Uint8Array, at: number): number => ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3]

/** The header of a container whose fix form is `fixTag | n` and long forms `code16`/`code32`. */
const containerStart = (b: Uint8Array, pos: number, end: number, fixTag: number, code16: number, code32: number): number => {
  if (pos >= end) return -1
  const t = b[pos]
  if ((t & 0xf0) === fixTag) {
    header.count = t & 0x0f
    return pos + 1
  }
  if (t === code16 && pos + 3 <= end) {
    header.count = u16(b, pos + 1)
    return pos + 3
  }
  if (t === code32 && pos + 5 <= end) {
    header.count = u32(b, pos + 1)
    return pos + 5
  }
  return -1
}

/** The offset of the first item of an array at `pos` (its count in `header.count`), or -1 if not an array. */
export const arrayStart = (b: Uint8Array, pos: number, end: number): number => containerStart(b, pos, end, 0x90, 0xdc, 0xdd)

/** The offset of the first key of a map at `pos` (its pair count in `header.count`), or -1 if not a map. */
export const mapStart = (b: Uint8Array, pos: number, end: number): number => containerStart(b, pos, end, 0x80, 0xde, 0xdf)

/** The end of a str- or bin-family value at `pos` (Jubatus's raw strings are either), or -1. */
export const skipRaw = (b: Uint8Array, pos: number, end: number): number => {
  if (pos >= end) return -1
  const t = b[pos]
  let n: number
  let at: number
  if ((t & 0xe0) === 0xa0) {
    n = t & 0x1f
    at = pos + 1
  } else if (t === 0xd9 || t === 0xc4) {
    if (pos + 2 > end) return -1
    n = b[pos + 1]
    at = pos + 2
  } else if (t === 0xda || t === 0xc5) {
    if (pos + 3 > end) return -1
    n = u16(b, pos + 1)
    at = pos + 3
  } else if (t === 0xdb || t === 0xc6) {
    if (pos + 5 > end) return -1
    n = u32(b, pos + 1)
    at = pos + 5
  } else return -1
  return at + n <= end ? at + n : -1
}

/** The end of a nil, bool, integer or float at `pos`, with its value through `out`; -1 for other kinds. */
export const readNumber = (b: Uint8Array, pos: number, end: number, view: DataView, out: { value: number }): number => {
  if (pos >= end) return -1
  const t = b[pos]
  if (t < 0x80) {
    out.value = t
    return pos + 1
  }
  if (t >= 0xe0) {
    out.value = t - 0x100
    return pos + 1
  }
  const size = t === 0xcc || t === 0xd0 ? 1 : t === 0xcd || t === 0xd1 ? 2 : t === 0xce || t === 0xd2 || t === 0xca ? 4 : t === 0xcf || t === 0xd3 || t === 0xcb ? 8 : -1
  if (size < 0 || pos + 1 + size > end) return -1
  const at = pos + 1
  switch (t) {
    case 0xcc: out.value = b[at]; break
    case 0xcd: out.value = view.getUint16(at); break
    case 0xce: out.value = view.getUint32(at); break
    case 0xcf: out.value = Number(view.getBigUint64(at)); break
    case 0xd0: out.value = view.getInt8(at); break
    case 0xd1: out.value = view.getInt16(at); break
    case 0xd2: out.value = view.getInt32(at); break
    case 0xd3: out.value = Number(view.getBigInt64(at)); break
    case 0xca: out.value = view.getFloat32(at); break
    default: out.value = view.getFloat64(at)
  }
  return at + size
}

/** True for the float family (0xca, 0xcb): a `double` accepts them, an integer only when integral. */
export const isFloatAt = (b: Uint8Array, pos: number): boolean => b[pos] === 0xca || b[pos] === 0xcb

/** The end of any one value at `pos`, or -1 when it runs past `end` or holds an unknown type byte. */
export const skipValue = (b: Uint8Array, pos: number, end: number): number => {
  let remaining = 1
  // Items left at each enclosing level; plain numbers keep this allocation-free for flat values.
  const stack: Array<number> = []
  while (remaining > 0 || stack.length > 0) {
    if (remaining === 0) {
      remaining = stack.pop()!
      continue
    }
    if (pos >= end) return -1
    const t = b[pos]
    remaining--
    if (t < 0x80 || t >= 0xe0 || t === 0xc0 || t === 0xc2 || t === 0xc3) {
      pos++
      continue
    }
    const items = arrayStart(b, pos, end)
    if (items >= 0) {
      stack.push(remaining)
      remaining = header.count
      pos = items
      continue
    }
    const pairs = mapStart(b, pos, end)
    if (pairs >= 0) {
      stack.push(remaining)
      remaining = header.count * 2
      pos = pairs
      continue
    }
    const raw = skipRaw(b, pos, end)
    if (raw >= 0) {
      pos = raw
      continue
    }
    const size = t === 0xcc || t === 0xd0 ? 1 : t === 0xcd || t === 0xd1 ? 2 : t === 0xce || t === 0xd2 || t === 0xca ? 4 : t === 0xcf || t === 0xd3 || t === 0xcb ? 8 : -1
    if (size < 0 || pos + 1 + size > end) return -1
    pos += 1 + size
  }
  return pos
}
