// A proxy checks arguments in place with WireType.scan: for every value, scanning its bytes must accept
// exactly what decoding and `check` accept, or the proxy would forward what a server refuses (or refuse
// what Jubatus forwards).
import { describe, expect, test } from "bun:test"
import { labeledDatum } from "../../src/engine/classifier/api.ts"
import { datum } from "../../src/engine/commonTypes.ts"
import * as W from "../../src/engine/WireType.ts"
import { decodeValue } from "../../src/rpc/MsgpackReader.ts"
import { Float32, Float64, MsgpackWriter } from "../../src/rpc/MsgpackWriter.ts"

let seed = 12345
const random = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
  return seed / 4294967296
}
const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(random() * xs.length)]

/** A random value, biased toward the shapes Jubatus arguments have (pairs of string and number). */
const value = (depth: number): unknown => {
  const r = random()
  if (depth > 3 || r < 0.45) {
    return pick<() => unknown>([
      () => pick(["k", "", "長い", "x".repeat(40)]),
      () => new TextEncoder().encode("raw"),
      () => Math.floor(random() * 300) - 150,
      () => pick([0, 1, 127, 128, 255, 65536, -33, -129, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 40, Number.MAX_SAFE_INTEGER]),
      () => new Float64(pick([0.5, -1.25, 1, 3, 1e300, NaN, Infinity])),
      () => new Float32(pick([0.5, 2, -3.75])),
      () => pick([true, false, null]),
      () => BigInt("18446744073709551615")
    ])()
  }
  if (r < 0.6) return new Map([[pick(["a", "b"]), value(depth + 1)], [pick([1, "c"]), value(depth + 1)]])
  if (r < 0.8) return [pick(["k", "v"]), pick([1.5, 2, "s"])]
  return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1))
}

/** Datum-like values with mistakes sprinkled in. */
const datumish = (): unknown => {
  const strings = Array.from({ length: Math.floor(random() * 3) }, () => (random() < 0.9 ? [pick(["a", "b"]), pick(["x", "y"])] : value(2)))
  const nums = Array.from({ length: Math.floor(random() * 3) }, () => (random() < 0.9 ? [pick(["x", "y"]), pick([1, 2.5, -3])] : value(2)))
  const bins = random() < 0.8 ? [] : [[pick(["b"]), random() < 0.5 ? new TextEncoder().encode("z") : value(2)]]
  const d: Array<unknown> = [strings, nums, bins]
  if (random() < 0.05) d.pop()
  if (random() < 0.05) d.push("extra")
  return random() < 0.05 ? value(1) : d
}

const encode = (v: unknown): Uint8Array => {
  const w = new MsgpackWriter(64)
  w.value(v)
  return w.toBytes()
}

const cases: ReadonlyArray<readonly [string, W.WireType<any>, () => unknown]> = [
  ["string", W.string, () => value(0)],
  ["raw", W.raw, () => value(0)],
  ["bool", W.bool, () => value(0)],
  ["int", W.int, () => value(0)],
  ["uint", W.uint, () => value(0)],
  ["ulong", W.ulong, () => value(0)],
  ["double", W.double, () => value(0)],
  ["any", W.any, () => value(0)],
  ["list<double>", W.list(W.double), () => (random() < 0.5 ? [new Float64(1), 2, value(3)] : value(0))],
  ["map<string, ulong>", W.map(W.string, W.ulong), () => (random() < 0.5 ? new Map<unknown, unknown>([["a", 1], [2, 3]]) : value(0))],
  ["datum", datum, datumish],
  ["list<datum>", W.list(datum), () => Array.from({ length: 3 }, datumish)],
  ["labeled_datum", labeledDatum, () => [pick(["A", 5]), datumish()]]
]

describe("WireType scan", () => {
  for (const [name, type, make] of cases) {
    test(`${name}: scanning the bytes accepts exactly what check accepts after decoding`, () => {
      expect(type.scan).toBeDefined()
      let accepted = 0
      for (let i = 0; i < 3000; i++) {
        const bytes = encode(make())
        const viaCheck = type.check(decodeValue(bytes)) !== W.Invalid
        const end = type.scan!(bytes, 0, bytes.length, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength))
        const viaScan = end === bytes.length
        if (viaScan !== viaCheck) throw new Error(`${name} disagrees on ${Buffer.from(bytes).toString("hex")}: check ${viaCheck}, scan ${end}`)
        if (viaCheck) accepted++
      }
      // Both outcomes must have been exercised (`any` accepts everything).
      expect(accepted).toBeGreaterThan(0)
      if (type !== W.any) expect(accepted).toBeLessThan(3000)
    })
  }
})
