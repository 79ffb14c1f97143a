// MessagePack encoder in the dialect of msgpack-c 0.5 (the C++, Java and Ruby Jubatus clients): strings and
// raw bytes are both written as fixstr/str16/str32 — never str8 (0xd9) nor bin (0xc4–0xc6), which those
// readers reject — and floating-point values are always float64 (0xcb), as Jubatus sends them.
// One writer is reused per connection; it grows its buffer and never shrinks it.

const textEncoder = new TextEncoder()

export class MsgpackWriter {
  private buf: Uint8Array
  private view: DataView
  private pos = 0

  constructor(initialCapacity = 64 * 1024) {
    this.buf = new Uint8Array(initialCapacity)
    this.view = new DataView(this.buf.buffer)
  }

  get length(): number {
    return this.pos
  }

  reset(): void {
    this.pos = 0
  }

  /** Drops everything written after `length` bytes (a response that failed half-way). */
  truncate(length: number): void {
    if (length < this.pos) this.pos = length
  }

  /** A copy of what was written since the last reset. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.pos)
  }

  /** A view of what was written; valid until the next write or reset. */
  view_(): Uint8Array {
    return this.buf.subarray(0, this.pos)
  }

  private ensure(n: number): void {
    const need = this.pos + n
    if (need <= this.buf.length) return
    let cap = this.buf.length * 2
    while (cap < need) cap *= 2
    const next = new Uint8Array(cap)
    next.set(this.buf.subarray(0, this.pos))
    this.buf = next
    this.view = new DataView(next.buffer)
  }

  nil(): void {
    this.ensure(1)
    this.buf[this.pos++] = 0xc0
  }

  bool(v: boolean): void {
    this.ensure(1)
    this.buf[this.pos++] = v ? 0xc3 : 0xc2
  }

  /** The smallest integer encoding; integers beyond 2^53 should be passed as bigint. */
  int(v: number): void {
    this.ensure(9)
    const b = this.buf
    if (v >= 0) {
      if (v < 0x80) b[this.pos++] = v
      else if (v < 0x100) {
        b[this.pos++] = 0xcc
        b[this.pos++] = v
      } else if (v < 0x10000) {
        b[this.pos++] = 0xcd
        this.view.setUint16(this.pos, v)
        this.pos += 2
      } else if (v < 0x100000000) {
        b[this.pos++] = 0xce
        this.view.setUint32(this.pos, v)
        this.pos += 4
      } else {
        b[this.pos++] = 0xcf
        this.view.setBigUint64(this.pos, BigInt(v))
        this.pos += 8
      }
    } else if (v >= -0x20) b[this.pos++] = v & 0xff
    else if (v >= -0x80) {
      b[this.pos++] = 0xd0
      this.view.setInt8(this.pos++, v)
    } else if (v >= -0x8000) {
      b[this.pos++] = 0xd1
      this.view.setInt16(this.pos, v)
      this.pos += 2
    } else if (v >= -0x80000000) {
      b[this.pos++] = 0xd2
      this.view.setInt32(this.pos, v)
      this.pos += 4
    } else {
      b[this.pos++] = 0xd3
      this.view.setBigInt64(this.pos, BigInt(v))
      this.pos += 8
    }
  }

  bigint(v: bigint): void {
    if (v >= -0x80000000n && v < 0x100000000n) return this.int(Number(v))
    this.ensure(9)
    if (v >= 0n) {
      this.buf[this.pos++] = 0xcf
      this.view.setBigUint64(this.pos, BigInt.asUintN(64, v))
    } else {
      this.buf[this.pos++] = 0xd3
      this.view.setBigInt64(this.pos, BigInt.asIntN(64, v))
    }
    this.pos += 8
  }

  double(v: number): void {
    this.ensure(9)
    this.buf[this.pos++] = 0xcb
    this.view.setFloat64(this.pos, v)
    this.pos += 8
  }

  float(v: number): void {
    this.ensure(5)
    this.buf[this.pos++] = 0xca
    this.view.setFloat32(this.pos, v)
    this.pos += 4
  }

  private rawHeader(n: number): void {
    this.ensure(5 + n)
    const b = this.buf
    if (n < 32) b[this.pos++] = 0xa0 | n
    else if (n < 0x10000) {
      b[this.pos++] = 0xda
      b[this.pos++] = n >>> 8
      b[this.pos++] = n & 0xff
    } else {
      b[this.pos++] = 0xdb
      this.view.setUint32(this.pos, n)
      this.pos += 4
    }
  }

  string(s: string): void {
    const n = s.length
    if (n < 32) {
      // ASCII fast path: the header size is known before the bytes are.
      this.ensure(1 + n * 3)
      const b = this.buf
      const start = this.pos
      let p = start + 1
      let i = 0
      for (; i < n; i++) {
        const c = s.charCodeAt(i)
        if (c >= 0x80) break
        b[p++] = c
      }
      if (i === n) {
        b[start] = 0xa0 | n
        this.pos = p
        return
      }
    }
    // General case: encode into the buffer after a 5-byte gap, then move the bytes if a smaller header fits.
    this.ensure(5 + n * 3)
    const start = this.pos
    const { written } = textEncoder.encodeInto(s, this.buf.subarray(start + 5))
    const w = written ?? 0
    const header = w < 32 ? 1 : w < 0x10000 ? 3 : 5
    if (header !== 5) this.buf.copyWithin(start + header, start + 5, start + 5 + w)
    this.rawHeader(w)
    this.pos = start + header + w
  }

  /** Raw bytes, written as a str-family value as msgpack-0.5 peers expect (Jubatus's `raw`). */
  raw(bytes: Uint8Array): void {
    this.rawHeader(bytes.length)
    this.buf.set(bytes, this.pos)
    this.pos += bytes.length
  }

  /** Bytes already MessagePack-encoded, copied through. */
  encoded(bytes: Uint8Array): void {
    this.ensure(bytes.length)
    this.buf.set(bytes, this.pos)
    this.pos += bytes.length
  }

  arrayHeader(n: number): void {
    this.ensure(5)
    const b = this.buf
    if (n < 16) b[this.pos++] = 0x90 | n
    else if (n < 0x10000) {
      b[this.pos++] = 0xdc
      b[this.pos++] = n >>> 8
      b[this.pos++] = n & 0xff
    } else {
      b[this.pos++] = 0xdd
      this.view.setUint32(this.pos, n)
      this.pos += 4
    }
  }

  mapHeader(n: number): void {
    this.ensure(5)
    const b = this.buf
    if (n < 16) b[this.pos++] = 0x80 | n
    else if (n < 0x10000) {
      b[this.pos++] = 0xde
      b[this.pos++] = n >>> 8
      b[this.pos++] = n & 0xff
    } else {
      b[this.pos++] = 0xdf
      this.view.setUint32(this.pos, n)
      this.pos += 4
    }
  }

  /**
   * Any JS value without a wire type: integers as integers, other numbers as float64, strings, bytes,
   * arrays, Maps and plain objects as maps. Used for diffs and model payloads, which only juba reads.
   */
  value(v: unknown): void {
    switch (typeof v) {
      case "number":
        return Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER ? this.int(v) : this.double(v)
      case "string":
        return this.string(v)
      case "boolean":
        return this.bool(v)
      case "bigint":
        return this.bigint(v)
      case "undefined":
        return this.nil()
      case "object": {
        if (v === null) return this.nil()
        if (Array.isArray(v)) {
          this.arrayHeader(v.length)
          for (let i = 0; i < v.length; i++) this.value(v[i])
          return
        }
        if (v instanceof Uint8Array) return this.raw(v)
        if (v instanceof Float64) return this.double(v.value)
        if (v instanceof Float32) return this.float(v.value)
        if (v instanceof Float32Array) {
          this.arrayHeader(v.length)
          for (let i = 0; i < v.length; i++) this.float(v[i])
          return
        }
        if (v instanceof Float64Array) {
          this.arrayHeader(v.length)
          for (let i = 0; i < v.length; i++) this.double(v[i])
          return
        }
        if (ArrayBuffer.isView(v)) {
          const a = v as unknown as ArrayLike<number>
          this.arrayHeader(a.length)
          for (let i = 0; i < a.length; i++) this.value(a[i])
          return
        }
        if (v instanceof Map) {
          this.mapHeader(v.size)
          for (const [k, e] of v) {
            this.value(k)
            this.value(e)
          }
          return
        }
        const keys = Object.keys(v)
        this.mapHeader(keys.length)
        for (const k of keys) {
          this.string(k)
          this.value((v as Record<string, unknown>)[k])
        }
        return
      }
      default:
        throw new TypeError(`cannot encode a ${typeof v} as MessagePack`)
    }
  }
}

/**
 * A number that must travel as float64 (0xcb) even when it is integral: C++ model payloads and MIX
 * diffs declare doubles, and jubatus_core cannot read an integer where it expects a float.
 */
export class Float64 {
  constructor(readonly value: number) {}
}

/** A number that travels as float32 (0xca), where jubatus_core stores a float (euclid_lsh norms, …). */
export class Float32 {
  constructor(readonly value: number) {}
}

/** Encodes one value with a fresh writer (for cold paths: model files, diffs, tests). */
export const encodeValue = (v: unknown): Uint8Array => {
  const w = new MsgpackWriter(1024)
  w.value(v)
  return w.toBytes()
}
