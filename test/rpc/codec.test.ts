import { describe, expect, test } from "bun:test"
import { encode as libEncode } from "@msgpack/msgpack"
import { FrameScanner } from "../../src/rpc/FrameScanner.ts"
import { decodeValue, Incomplete, MsgpackFormatError, MsgpackReader } from "../../src/rpc/MsgpackReader.ts"
import { encodeValue, MsgpackWriter } from "../../src/rpc/MsgpackWriter.ts"
import { samples } from "../fixtures/wireSamples.ts"

const bytesOf = (f: (w: MsgpackWriter) => void): Uint8Array => {
  const w = new MsgpackWriter(16)
  f(w)
  return w.toBytes()
}
const hexOf = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ")

describe("MsgpackWriter", () => {
  test("writes strings of 32 to 255 bytes as raw16, never str8", () => {
    const s = "x".repeat(32)
    expect(hexOf(bytesOf((w) => w.string(s)).subarray(0, 3))).toBe("da 00 20")
    expect(bytesOf((w) => w.string("x".repeat(255)))[0]).toBe(0xda)
    expect(bytesOf((w) => w.string("x".repeat(31)))[0]).toBe(0xbf)
  })

  test("writes strings of 64 KiB or more as raw32", () => {
    const b = bytesOf((w) => w.string("y".repeat(70000)))
    expect(hexOf(b.subarray(0, 5))).toBe("db 00 01 11 70")
    expect(b.length).toBe(70005)
  })

  test("writes byte arrays as raw strings, never bin", () => {
    const b = bytesOf((w) => w.raw(new Uint8Array([1, 2, 3])))
    expect(hexOf(b)).toBe("a3 01 02 03")
    expect(bytesOf((w) => w.raw(new Uint8Array(40)))[0]).toBe(0xda)
  })

  test("counts UTF-8 bytes, not UTF-16 units, in string headers", () => {
    expect(hexOf(bytesOf((w) => w.string("é")))).toBe("a2 c3 a9")
    const long = "é".repeat(20) // 40 bytes
    expect(hexOf(bytesOf((w) => w.string(long)).subarray(0, 3))).toBe("da 00 28")
  })

  test("picks the smallest integer form and always float64 for doubles", () => {
    expect(hexOf(bytesOf((w) => w.int(127)))).toBe("7f")
    expect(hexOf(bytesOf((w) => w.int(128)))).toBe("cc 80")
    expect(hexOf(bytesOf((w) => w.int(3864)))).toBe("cd 0f 18")
    expect(hexOf(bytesOf((w) => w.int(70000)))).toBe("ce 00 01 11 70")
    expect(hexOf(bytesOf((w) => w.int(2 ** 40)))).toBe("cf 00 00 01 00 00 00 00 00")
    expect(hexOf(bytesOf((w) => w.int(-1)))).toBe("ff")
    expect(hexOf(bytesOf((w) => w.int(-33)))).toBe("d0 df")
    expect(hexOf(bytesOf((w) => w.int(-40000)))).toBe("d2 ff ff 63 c0")
    expect(hexOf(bytesOf((w) => w.double(1)))).toBe("cb 3f f0 00 00 00 00 00 00")
  })

  test("writes a map of 16 entries or more with a map16 header", () => {
    const m: Record<string, string> = {}
    for (let i = 0; i < 22; i++) m[`k${i}`] = "v"
    expect(hexOf(bytesOf((w) => w.value(m)).subarray(0, 3))).toBe("de 00 16")
  })

  test("reproduces Jubatus's save response byte for byte", () => {
    const b = bytesOf((w) => {
      w.arrayHeader(4)
      w.int(1)
      w.int(1)
      w.nil()
      w.value({ "127.0.0.1_9199": "/tmp/127.0.0.1_9199_classifier_m1.jubatus" })
    })
    expect(hexOf(b)).toBe(hexOf(samples.saveResponse))
  })

  test("grows its buffer for large values", () => {
    const big = Array.from({ length: 10000 }, (_, i) => [`feature${i}`, i + 0.5])
    expect(decodeValue(encodeValue(big))).toEqual(big)
  })
})

describe("MsgpackReader", () => {
  test("decodes every request of the wire samples", () => {
    expect(decodeValue(samples.trainOneRequest)).toEqual([0, 1, "train", ["", [["spam", [[["k", "v"]], [["x", 1]], []]]]]])
    expect(decodeValue(samples.classifyEmptyRequest)).toEqual([0, 1, "classify", ["", []]])
  })

  test("accepts str8 and bin encodings of strings from newer packers", () => {
    const label = "a".repeat(40)
    const newStyle = libEncode([0, 1, "set_label", ["", label]]) // str8 for the 40-byte label
    expect(Array.from(newStyle)).toContain(0xd9)
    expect(decodeValue(newStyle)).toEqual([0, 1, "set_label", ["", label]])
    const bin = libEncode(new Uint8Array([104, 105]))
    expect(bin[0]).toBe(0xc4)
    expect(decodeValue(bin)).toEqual(new Uint8Array([104, 105]))
  })

  test("returns bytes for a raw value that is not valid UTF-8", () => {
    const v = decodeValue(new Uint8Array([0xa2, 0xff, 0xfe]))
    expect(v).toBeInstanceOf(Uint8Array)
    expect(Array.from(v as Uint8Array)).toEqual([0xff, 0xfe])
  })

  test("returns the same string for repeated short keys", () => {
    const r = new MsgpackReader()
    const b = encodeValue(["pixel_3_4", "pixel_3_4"])
    const [a, c] = r.decode(b, 0, b.length) as Array<string>
    expect(a).toBe("pixel_3_4")
    expect(c).toBe(a)
  })

  test("decodes 64-bit integers beyond 2^53 as bigint", () => {
    expect(decodeValue(new Uint8Array([0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBe(2n ** 64n - 1n)
    expect(decodeValue(new Uint8Array([0xcf, 0, 0, 0, 0, 0, 0, 0, 21]))).toBe(21)
  })

  test("signals an incomplete value rather than failing", () => {
    const r = new MsgpackReader()
    const b = samples.trainTwoRequest
    for (const cut of [1, 5, 20, b.length - 1]) expect(() => r.decode(b, 0, cut)).toThrow()
    let thrown: unknown
    try {
      r.decode(b, 0, 10)
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBe(Incomplete)
  })

  test("rejects ext types and absurd nesting as format errors", () => {
    expect(() => decodeValue(new Uint8Array([0xd4, 1, 2]))).toThrow(MsgpackFormatError)
    const deep = new Uint8Array(2000).fill(0x91)
    expect(() => decodeValue(new Uint8Array([...deep, 0xc0]))).toThrow(MsgpackFormatError)
  })

  test("does not allocate an array for a length the input cannot hold", () => {
    let thrown: unknown
    try {
      new MsgpackReader().decode(new Uint8Array([0xdd, 0xff, 0xff, 0xff, 0xff, 1]), 0, 6)
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBe(Incomplete)
  })

  test("round-trips nested values through the writer", () => {
    const v = { a: [1, -2, 3.25, "s", null, true, false, { b: "c" }], "": [] }
    expect(decodeValue(encodeValue(v))).toEqual(v)
  })
})

describe("FrameScanner", () => {
  test("finds the end of a frame fed one byte at a time", () => {
    const b = samples.classifyResponse
    const s = new FrameScanner()
    for (let end = 1; end < b.length; end++) expect(s.scan(b, 0, end)).toBe(-1)
    expect(s.scan(b, 0, b.length)).toBe(b.length)
  })

  test("finds each of several concatenated frames", () => {
    const all = new Uint8Array([...samples.clearRequest, ...samples.trainOneRequest, ...samples.getLabelsRequest])
    const s = new FrameScanner()
    const first = s.scan(all, 0, all.length)
    expect(first).toBe(samples.clearRequest.length)
    const second = s.scan(all, first, all.length)
    expect(second).toBe(samples.trainOneRequest.length)
    expect(s.scan(all, first + second, all.length)).toBe(samples.getLabelsRequest.length)
  })

  test("handles str8, bin and 64-bit scalars", () => {
    const b = libEncode([2n ** 60n, "z".repeat(100), new Uint8Array(300), -5.5, { k: [1, 2] }], { useBigInt64: true })
    expect(new FrameScanner().scan(b, 0, b.length)).toBe(b.length)
  })

  test("rejects unknown type bytes", () => {
    expect(() => new FrameScanner().scan(new Uint8Array([0x91, 0xc1]), 0, 2)).toThrow(MsgpackFormatError)
  })
})
