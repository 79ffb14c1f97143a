// MessagePack decoder for requests from any Jubatus client. Accepts every str and bin variant (the
// msgpack-0.5 "raw" era sends strings as raw; newer packers send str8 or bin): a str-family value becomes
// a JS string when it is valid UTF-8 and a Uint8Array otherwise, bin becomes a Uint8Array; WireType.check
// converts between the two where an argument's type says which it is. Short strings are interned through
// a small cache because feature keys and labels repeat in every datum.

/** Thrown when the bytes end inside a value: wait for more input. A singleton: it is control flow. */
export const Incomplete: unique symbol = Symbol.for("juba/rpc/Incomplete")

/** The bytes are not MessagePack, or use a feature juba refuses (ext types, absurd nesting). */
export class MsgpackFormatError extends Error {
  readonly _tag = "MsgpackFormatError"
}

const MAX_DEPTH = 512
const CACHE_BITS = 14
const CACHE_SIZE = 1 << CACHE_BITS
const CACHED_MAX_LEN = 24

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true })

export class MsgpackReader {
  private buf: Uint8Array = new Uint8Array(0)
  private view: DataView = new DataView(this.buf.buffer)
  /** Read position after a successful `decode`. */
  pos = 0
  private end = 0
  private depth = 0
  private readonly cacheBytes: Array<Uint8Array | undefined> = new Array(CACHE_SIZE)
  private readonly cacheStrings: Array<string> = new Array(CACHE_SIZE)

  /** Decodes one value from buf[start, end); throws `Incomplete` if it does not end before `end`. */
  decode(buf: Uint8Array, start: number, end: number): unknown {
    if (buf !== this.buf) {
      this.buf = buf
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
    }
    this.pos = start
    this.end = end
    this.depth = 0
    return this.read()
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw Incomplete
  }

  private read(): unknown {
    if (this.pos >= this.end) throw Incomplete
    const b = this.buf[this.pos++]
    // Most common first in Jubatus traffic: short strings (keys, labels), small arrays (pairs, datums),
    // doubles (values), small integers.
    if ((b & 0xe0) === 0xa0) return this.str(b & 0x1f)
    if ((b & 0xf0) === 0x90) return this.array(b & 0x0f)
    if (b === 0xcb) {
      if (this.pos + 8 > this.end) throw Incomplete
      this.pos += 8
      return this.view.getFloat64(this.pos - 8)
    }
    if (b < 0x80) return b
    if (b >= 0xe0) return b - 0x100
    if ((b & 0xf0) === 0x80) return this.map(b & 0x0f)
    const v = this.view
    switch (b) {
      case 0xc0:
        return null
      case 0xc2:
        return false
      case 0xc3:
        return true
      case 0xcc:
        this.need(1)
        return this.buf[this.pos++]
      case 0xcd:
        this.need(2)
        this.pos += 2
        return v.getUint16(this.pos - 2)
      case 0xce:
        this.need(4)
        this.pos += 4
        return v.getUint32(this.pos - 4)
      case 0xcf: {
        this.need(8)
        this.pos += 8
        const hi = v.getUint32(this.pos - 8)
        const lo = v.getUint32(this.pos - 4)
        return hi < 0x200000 ? hi * 0x100000000 + lo : v.getBigUint64(this.pos - 8)
      }
      case 0xd0:
        this.need(1)
        return v.getInt8(this.pos++)
      case 0xd1:
        this.need(2)
        this.pos += 2
        return v.getInt16(this.pos - 2)
      case 0xd2:
        this.need(4)
        this.pos += 4
        return v.getInt32(this.pos - 4)
      case 0xd3: {
        this.need(8)
        this.pos += 8
        const big = v.getBigInt64(this.pos - 8)
        return big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big
      }
      case 0xca:
        this.need(4)
        this.pos += 4
        return v.getFloat32(this.pos - 4)
      case 0xcb:
        this.need(8)
        this.pos += 8
        return v.getFloat64(this.pos - 8)
      case 0xd9:
        this.need(1)
        return this.str(this.buf[this.pos++])
      case 0xda:
        this.need(2)
        this.pos += 2
        return this.str(v.getUint16(this.pos - 2))
      case 0xdb:
        this.need(4)
        this.pos += 4
        return this.str(v.getUint32(this.pos - 4))
      case 0xc4:
        this.need(1)
        return this.bin(this.buf[this.pos++])
      case 0xc5:
        this.need(2)
        this.pos += 2
        return this.bin(v.getUint16(this.pos - 2))
      case 0xc6:
        this.need(4)
        this.pos += 4
        return this.bin(v.getUint32(this.pos - 4))
      case 0xdc:
        this.need(2)
        this.pos += 2
        return this.array(v.getUint16(this.pos - 2))
      case 0xdd:
        this.need(4)
        this.pos += 4
        return this.array(v.getUint32(this.pos - 4))
      case 0xde:
        this.need(2)
        this.pos += 2
        return this.map(v.getUint16(this.pos - 2))
      case 0xdf:
        this.need(4)
        this.pos += 4
        return this.map(v.getUint32(this.pos - 4))
      default:
        throw new MsgpackFormatError(`unsupported MessagePack type byte 0x${b.toString(16)}`)
    }
  }

  private array(n: number): Array<unknown> {
    // Every element takes at least one byte: a count beyond the input cannot be complete yet, and
    // must not allocate a huge array on the strength of a 5-byte header.
    if (n > this.end - this.pos) throw Incomplete
    if (++this.depth > MAX_DEPTH) throw new MsgpackFormatError("MessagePack nesting is too deep")
    const out = new Array(n)
    for (let i = 0; i < n; i++) out[i] = this.read()
    this.depth--
    return out
  }

  private map(n: number): Record<string, unknown> {
    if (n * 2 > this.end - this.pos) throw Incomplete
    if (++this.depth > MAX_DEPTH) throw new MsgpackFormatError("MessagePack nesting is too deep")
    const out: Record<string, unknown> = {}
    for (let i = 0; i < n; i++) {
      const k = this.read()
      const key = typeof k === "string" ? k : k instanceof Uint8Array ? new TextDecoder().decode(k) : String(k)
      const value = this.read()
      if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
      else out[key] = value
    }
    this.depth--
    return out
  }

  private bin(n: number): Uint8Array {
    this.need(n)
    const start = this.pos
    this.pos += n
    return this.buf.slice(start, start + n)
  }

  private str(n: number): string | Uint8Array {
    this.need(n)
    const buf = this.buf
    const start = this.pos
    const end = start + n
    this.pos = end
    if (n === 0) return ""
    if (n <= CACHED_MAX_LEN) {
      let h = 0x811c9dc5 ^ n
      let ascii = true
      for (let i = start; i < end; i++) {
        const c = buf[i]
        if (c >= 0x80) ascii = false
        h = Math.imul(h ^ c, 0x01000193)
      }
      const slot = (h >>> (32 - CACHE_BITS)) & (CACHE_SIZE - 1)
      const cached = this.cacheBytes[slot]
      if (cached !== undefined && cached.length === n) {
        let same = true
        for (let i = 0; i < n; i++) {
          if (cached[i] !== buf[start + i]) {
            same = false
            break
          }
        }
        if (same) return this.cacheStrings[slot]
      }
      let s: string
      if (ascii) s = String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as Array<number>)
      else {
        try {
          s = fatalUtf8.decode(buf.subarray(start, end))
        } catch {
          return buf.slice(start, end)
        }
      }
      this.cacheBytes[slot] = buf.slice(start, end)
      this.cacheStrings[slot] = s
      return s
    }
    try {
      return fatalUtf8.decode(buf.subarray(start, end))
    } catch {
      return buf.slice(start, end)
    }
  }
}

/** Decodes exactly one value filling the whole input (model files, diffs). */
let valueReader: MsgpackReader | undefined

export const decodeValue = (bytes: Uint8Array): unknown => {
  // One reader for all: decoding is synchronous, and a reader's string cache is not small.
  const r = (valueReader ??= new MsgpackReader())
  let v: unknown
  try {
    v = r.decode(bytes, 0, bytes.length)
  } catch (e) {
    if (e === Incomplete) throw new MsgpackFormatError("MessagePack data ends too early")
    throw e
  }
  if (r.pos !== bytes.length) throw new MsgpackFormatError(`MessagePack data has ${bytes.length - r.pos} trailing bytes`)
  return v
}
