import { describe, expect, test } from "bun:test"
import * as zlib from "node:zlib"
import {
  checkModelFileMatches,
  decodeModelFile,
  encodeModelFile,
  type DecodedModelFile
} from "../../src/server/ModelFile.ts"
import { ModelFileError } from "../../src/server/ModelFileError.ts"

const hex = (s: string): Uint8Array => Uint8Array.from(s.split(/\s+/).filter((x) => x !== "").map((x) => parseInt(x, 16)))

const concat = (...parts: Array<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** The checksum Jubatus stores, computed with zlib rather than the code under test. */
const independentCrc = (file: Uint8Array): number => zlib.crc32(concat(file.subarray(0, 28), file.subarray(32)))

/** Writes a correct checksum into a hand-made or edited file. */
const reseal = (file: Uint8Array): Uint8Array => {
  new DataView(file.buffer, file.byteOffset).setUint32(28, independentCrc(file))
  return file
}

/** A file assembled by hand around the given MessagePack sections. */
const assemble = (system: Uint8Array, user: Uint8Array): Uint8Array => {
  const header = new Uint8Array(48)
  const v = new DataView(header.buffer)
  header.set(new TextEncoder().encode("jubatus\0"))
  v.setBigUint64(8, 1n)
  v.setUint32(16, 1)
  v.setUint32(20, 1)
  v.setUint32(24, 1)
  v.setBigUint64(32, BigInt(system.length))
  v.setBigUint64(40, BigInt(user.length))
  return reseal(concat(header, system, user))
}

const errorOf = (f: () => unknown): ModelFileError => {
  try {
    f()
  } catch (e) {
    if (e instanceof ModelFileError) return e
    throw e
  }
  throw new Error("expected a ModelFileError")
}

const messageOf = (f: () => unknown): string => errorOf(f).message

// [1, 100, "t", "m", "{}"] and [1, nil]
const TINY_SYSTEM = hex("95 01 64 a1 74 a1 6d a2 7b 7d")
const TINY_USER = hex("92 01 c0")
const tiny = (): Uint8Array =>
  encodeModelFile({ type: "t", id: "m", config: "{}", driverPayload: null, timestamp: 100 })

describe("ModelFile", () => {
  describe("encodeModelFile", () => {
    test("writes the 48-byte big-endian header of a tiny model byte by byte", () => {
      const file = tiny()
      expect(file.length).toBe(48 + 10 + 3)
      const crc = zlib.crc32(
        concat(
          hex("6a 75 62 61 74 75 73 00  00 00 00 00 00 00 00 01  00 00 00 01  00 00 00 01  00 00 00 01"),
          hex("00 00 00 00 00 00 00 0a  00 00 00 00 00 00 00 03"),
          TINY_SYSTEM,
          TINY_USER
        )
      )
      const expected = concat(
        hex("6a 75 62 61 74 75 73 00"), // "jubatus\0"
        hex("00 00 00 00 00 00 00 01"), // format version 1
        hex("00 00 00 01  00 00 00 01  00 00 00 01"), // Jubatus 1.1.1
        new Uint8Array([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff]),
        hex("00 00 00 00 00 00 00 0a"), // system data size 10
        hex("00 00 00 00 00 00 00 03") // user data size 3
      )
      expect([...file.subarray(0, 48)]).toEqual([...expected])
    })

    test("puts system data [1, timestamp, type, id, config] and user data [version, payload] after the header", () => {
      const file = tiny()
      expect([...file.subarray(48, 58)]).toEqual([...TINY_SYSTEM])
      expect([...file.subarray(58)]).toEqual([...TINY_USER])
    })

    test("stores the CRC-32 of everything but the checksum field", () => {
      const file = encodeModelFile({
        type: "classifier",
        id: "snapshot",
        config: '{"method":"AROW","parameter":{"regularization_weight":1.0}}',
        driverPayload: [[{ w: 1.5 }], "labels"],
        timestamp: 1_700_000_000
      })
      expect(new DataView(file.buffer).getUint32(28)).toBe(independentCrc(file))
    })

    test("writes a 40-byte config as str16, never as str8 which msgpack 0.5 cannot read", () => {
      const config = `{"k":"${"x".repeat(32)}"}`
      expect(config.length).toBe(40)
      const file = encodeModelFile({ type: "t", id: "m", config, driverPayload: null, timestamp: 100 })
      // system data: 95 01 64 a1 74 a1 6d, then the config's header
      expect([...file.subarray(48 + 7, 48 + 10)]).toEqual([0xda, 0x00, 40])
      expect(file.includes(0xd9)).toBe(false)
    })

    test("defaults the user data version to 1 and keeps a given one", () => {
      const base = { type: "t", id: "m", config: "{}", driverPayload: null, timestamp: 100 }
      expect(decodeModelFile(encodeModelFile(base)).userDataVersion).toBe(1)
      expect(decodeModelFile(encodeModelFile({ ...base, userDataVersion: 7 })).userDataVersion).toBe(7)
    })
  })

  describe("decodeModelFile", () => {
    test("gives back every field of what was encoded", () => {
      const payload = [[{ a: [1, -2, 3.25], b: "β" }, [], {}], [true, false, null], 2 ** 40]
      const decoded = decodeModelFile(
        encodeModelFile({
          type: "regression",
          id: "daily 2024-01-01",
          config: '{ "method": "PA" }',
          userDataVersion: 1,
          driverPayload: payload,
          timestamp: 1_712_345_678
        })
      )
      expect(decoded).toEqual({
        type: "regression",
        id: "daily 2024-01-01",
        config: '{ "method": "PA" }',
        timestamp: 1_712_345_678,
        userDataVersion: 1,
        driverPayload: payload
      })
    })

    test("reads a file assembled by hand", () => {
      const decoded = decodeModelFile(assemble(TINY_SYSTEM, TINY_USER))
      expect(decoded).toEqual({ type: "t", id: "m", config: "{}", timestamp: 100, userDataVersion: 1, driverPayload: null })
    })

    test("accepts a file from another 1.1.x release", () => {
      const file = tiny()
      new DataView(file.buffer).setUint32(24, 3)
      expect(decodeModelFile(reseal(file)).type).toBe("t")
    })

    test("refuses a file of a Jubatus release other than 1.1.x, whose drivers packed differently", () => {
      const file = tiny()
      new DataView(file.buffer).setUint32(20, 0)
      new DataView(file.buffer).setUint32(24, 3)
      expect(messageOf(() => decodeModelFile(reseal(file)))).toBe("cannot load model file created by Jubatus 1.0.3: juba reads the model files of Jubatus 1.1.x")
    })

    test("refuses a file whose magic is not jubatus", () => {
      const file = tiny()
      file[3] = 0x41
      expect(messageOf(() => decodeModelFile(file))).toBe("invalid file format")
      expect(messageOf(() => decodeModelFile(new TextEncoder().encode("hello")))).toBe("invalid file format")
      expect(errorOf(() => decodeModelFile(file)).reason).toBe("Corrupt")
    })

    test("refuses a format version other than 1, printed as an unsigned 64-bit number", () => {
      const file = tiny()
      const v = new DataView(file.buffer)
      v.setBigUint64(8, 2n)
      expect(messageOf(() => decodeModelFile(file))).toBe("invalid format version: 2, expected 1")
      v.setBigUint64(8, 0xffffffffffffffffn)
      expect(messageOf(() => decodeModelFile(file))).toBe("invalid format version: 18446744073709551615, expected 1")
    })

    test("refuses a major version before 1 with Jubatus's before-v1.0.0 message, and a later one as not 1.1.x", () => {
      const file = tiny()
      const v = new DataView(file.buffer)
      v.setUint32(16, 0)
      v.setUint32(20, 4)
      v.setUint32(24, 5)
      expect(messageOf(() => decodeModelFile(file))).toBe("cannot load model file created before v1.0.0: 0.4.5")
      v.setUint32(16, 2)
      v.setUint32(20, 0)
      v.setUint32(24, 0)
      expect(messageOf(() => decodeModelFile(file))).toBe("cannot load model file created by Jubatus 2.0.0: juba reads the model files of Jubatus 1.1.x")
    })

    test("refuses a changed byte with the computed and stored checksums in hex", () => {
      const file = tiny()
      const stored = new DataView(file.buffer).getUint32(28)
      file[file.length - 1] = 0xc3 // payload nil -> true
      const computed = independentCrc(file)
      expect(messageOf(() => decodeModelFile(file))).toBe(
        `invalid crc32 checksum: ${computed.toString(16)}, expected ${stored.toString(16)}`
      )
    })

    test("refuses a file whose checksum field was changed", () => {
      const file = tiny()
      const right = independentCrc(file)
      new DataView(file.buffer).setUint32(28, 0x0000abcd)
      expect(messageOf(() => decodeModelFile(file))).toBe(`invalid crc32 checksum: ${right.toString(16)}, expected abcd`)
    })

    test("refuses a file cut inside the header", () => {
      const file = tiny()
      for (const cut of [0, 7, 8, 20, 47])
        expect(messageOf(() => decodeModelFile(file.subarray(0, cut)))).toBe(
          `cannot read input file: model file is ${cut} bytes, shorter than its 48-byte header`
        )
      expect(errorOf(() => decodeModelFile(file.subarray(0, 20))).reason).toBe("Truncated")
    })

    test("refuses a file cut inside system or user data", () => {
      const file = tiny()
      for (const cut of [48, 53, 58, 60])
        expect(messageOf(() => decodeModelFile(file.subarray(0, cut)))).toBe(
          `cannot read input file: model file is ${cut} bytes, its header declares 61`
        )
    })

    test("refuses sizes beyond any real file without allocating them", () => {
      const file = tiny()
      new DataView(file.buffer).setBigUint64(32, 0x8000000000000000n)
      expect(messageOf(() => decodeModelFile(file))).toBe(
        `cannot read input file: model file is 61 bytes, its header declares ${0x8000000000000000n + 48n + 3n}`
      )
    })

    test("refuses bytes after the user data", () => {
      const file = concat(tiny(), hex("00 01 02"))
      expect(messageOf(() => decodeModelFile(file))).toBe(
        "invalid file format: 3 trailing bytes after the 61 bytes its header declares"
      )
    })

    test("refuses system data that is not a five-element array of the right types", () => {
      const cases = [
        hex("94 01 64 a1 74 a1 6d"), // four elements
        hex("95 01 64 a1 74 a1 6d 01"), // config is a number
        hex("95 01 a1 78 a1 74 a1 6d a2 7b 7d"), // timestamp is a string
        hex("c1"), // not MessagePack
        hex("95 01 64 a1 74") // ends inside the array
      ]
      for (const system of cases)
        expect(messageOf(() => decodeModelFile(assemble(system, TINY_USER)))).toBe("system data is broken")
    })

    test("refuses a system data version other than 1", () => {
      const system = hex("95 02 64 a1 74 a1 6d a2 7b 7d")
      expect(messageOf(() => decodeModelFile(assemble(system, TINY_USER)))).toBe(
        "invalid system data version: saved version: 2, expected 1"
      )
    })

    test("refuses user data that is not a two-element container", () => {
      expect(messageOf(() => decodeModelFile(assemble(TINY_SYSTEM, hex("93 01 c0 c0"))))).toBe("invalid user container")
      expect(messageOf(() => decodeModelFile(assemble(TINY_SYSTEM, hex("01"))))).toBe("user data is broken")
      expect(messageOf(() => decodeModelFile(assemble(TINY_SYSTEM, hex("92 a1 31 c0"))))).toBe("user data is broken")
      expect(messageOf(() => decodeModelFile(assemble(TINY_SYSTEM, hex("92 01"))))).toBe("user data is broken")
    })

    test("errors are tagged ModelFileError values", () => {
      const e = errorOf(() => decodeModelFile(new Uint8Array(0)))
      expect(e._tag).toBe("ModelFileError")
      expect(e).toBeInstanceOf(Error)
    })
  })

  describe("checkModelFileMatches", () => {
    const file: DecodedModelFile = {
      type: "classifier",
      id: "m",
      config: '{"method": "PA", "parameter": {"c": 1}}',
      timestamp: 100,
      userDataVersion: 1,
      driverPayload: null
    }

    test("accepts the same type and a config that means the same JSON", () => {
      expect(() => checkModelFileMatches(file, { type: "classifier", config: '{"parameter":{"c":1.0},"method":"PA"}' })).not.toThrow()
    })

    test("refuses another engine type", () => {
      expect(messageOf(() => checkModelFileMatches(file, { type: "regression", config: file.config }))).toBe(
        "server type mismatched: classifier, expected regression"
      )
    })

    test("refuses another config, quoting both texts as they are", () => {
      const e = errorOf(() => checkModelFileMatches(file, { type: "classifier", config: '{"method":"AROW"}' }))
      expect(e.message).toBe('server config mismatched: {"method": "PA", "parameter": {"c": 1}}, expected {"method":"AROW"}')
      expect(e.reason).toBe("Mismatch")
    })

    test("refuses another user data version", () => {
      expect(
        messageOf(() => checkModelFileMatches(file, { type: "classifier", config: file.config, userDataVersion: 2 }))
      ).toBe("user data version mismatched: 1, expected 2")
    })
  })
})
