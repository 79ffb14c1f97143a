import { describe, expect, test } from "bun:test"
import * as zlib from "node:zlib"
import { crc32, crc32Update } from "../../src/server/Crc32.ts"

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s)

// Bit at a time, straight from the definition: no table shared with the code under test.
const bitwiseCrc32 = (bytes: Uint8Array): number => {
  let c = 0xffffffff
  for (const b of bytes) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return (c ^ 0xffffffff) >>> 0
}

describe("Crc32", () => {
  test("matches the published check values of CRC-32", () => {
    expect(crc32(new Uint8Array(0))).toBe(0)
    expect(crc32(ascii("a"))).toBe(0xe8b7be43)
    expect(crc32(ascii("123456789"))).toBe(0xcbf43926)
    expect(crc32(ascii("The quick brown fox jumps over the lazy dog"))).toBe(0x414fa339)
  })

  test("gives Jubatus's value for the string jubatus", () => {
    expect(crc32(ascii("jubatus"))).toBe(0x41918955)
  })

  test("is an unsigned 32-bit number even when the top bit is set", () => {
    const v = crc32(ascii("a"))
    expect(v).toBeGreaterThan(0x7fffffff)
    expect(v >>> 0).toBe(v)
  })

  test("agrees with a bitwise CRC and with zlib on every byte value", () => {
    const bytes = new Uint8Array(1031)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) & 0xff
    expect(crc32(bytes)).toBe(bitwiseCrc32(bytes))
    expect(crc32(bytes)).toBe(zlib.crc32(bytes))
  })

  test("continued over pieces equals the CRC of the pieces joined", () => {
    const bytes = ascii("header-system-data-user-data")
    const whole = crc32(bytes)
    for (let cut = 0; cut <= bytes.length; cut++)
      expect(crc32Update(crc32Update(0, bytes.subarray(0, cut)), bytes.subarray(cut))).toBe(whole)
    expect(crc32Update(crc32(ascii("12345")), ascii("6789"))).toBe(0xcbf43926)
  })

  test("continuing with no bytes leaves the value unchanged", () => {
    expect(crc32Update(0x41918955, new Uint8Array(0))).toBe(0x41918955)
  })
})
