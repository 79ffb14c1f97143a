// The stat driver behaves as jubatus_core stat/stat.cpp: a window over all keys, per-key statistics
// that follow the window, extremes recomputed when they leave it, and Jubatus's error strings.
import { describe, expect, test } from "bun:test"
import { ConfigError, EngineError, ModelFormatError } from "../../../src/common/errors.ts"
import { decodeStatConfig } from "../../../src/engine/stat/StatConfig.ts"
import { StatDriver } from "../../../src/engine/stat/StatDriver.ts"

const driver = (windowSize: number) => new StatDriver({ windowSize })

describe("StatConfig", () => {
  test("a window size of at least 1 is accepted", () => {
    expect(decodeStatConfig({ window_size: 1 })).toEqual({ windowSize: 1 })
  })

  test("a window size below 1 is refused with Jubatus's message", () => {
    expect(() => decodeStatConfig({ window_size: 0 })).toThrow(new ConfigError("", "1 <= window_size"))
  })

  test("a missing or non-integer window size names the key", () => {
    expect(() => decodeStatConfig({})).toThrow(ConfigError)
    expect(() => decodeStatConfig({ window_size: "3" })).toThrow(".window_size")
    expect(() => decodeStatConfig({ window_size: 1.5 })).toThrow(".window_size")
  })
})

describe("StatDriver", () => {
  test("sum, max, min and moments cover the pushed values of a key", () => {
    const d = driver(10)
    for (const v of [1, 2, 6]) d.push("x", v)
    expect(d.sum("x")).toBe(9)
    expect(d.max("x")).toBe(6)
    expect(d.min("x")).toBe(1)
    expect(d.moment("x", 1, 0)).toBe(3)
    expect(d.moment("x", 3, 0)).toBe((1 + 8 + 216) / 3)
    expect(d.stddev("x")).toBeCloseTo(Math.sqrt(14 / 3), 12)
  })

  test("the oldest push of any key leaves when the window is full", () => {
    const d = driver(2)
    d.push("x", 5)
    d.push("y", 1)
    d.push("y", 2)
    expect(() => d.sum("x")).toThrow(new EngineError("sum: key x not found"))
    expect(d.sum("y")).toBe(3)
  })

  test("a maximum or minimum leaving the window is recomputed from the rest", () => {
    const d = driver(3)
    d.push("x", 9)
    d.push("x", -4)
    d.push("x", 3)
    d.push("x", 5)
    expect(d.max("x")).toBe(5)
    expect(d.min("x")).toBe(-4)
    d.push("x", 4)
    expect(d.min("x")).toBe(3)
  })

  test("unknown keys answer Jubatus's errors, a negative degree answers -1", () => {
    const d = driver(4)
    for (const m of ["sum", "stddev", "max", "min"] as const) expect(() => d[m]("k")).toThrow(`${m}: key k not found`)
    expect(() => d.moment("k", 2, 0)).toThrow("moment: key k not found")
    expect(d.moment("k", -1, 0)).toBe(-1)
  })

  test("entropy before any mix is over the local key counts, and -0 when empty", () => {
    const d = driver(8)
    expect(Object.is(d.entropy(), -0)).toBe(true)
    d.push("a", 1)
    d.push("b", 1)
    expect(d.entropy()).toBeCloseTo(Math.log(2), 12)
  })

  test("entropy after a mix uses the mixed totals, and clear keeps them", () => {
    const d = driver(8)
    d.push("a", 1)
    d.mixable!.putDiff([[2 * Math.log(2), 4]])
    d.clear()
    expect(d.entropy()).toBeCloseTo(Math.log(4) - (2 * Math.log(2)) / 4, 12)
  })

  test("a non-finite value is refused and nothing is stored", () => {
    const d = driver(8)
    expect(() => d.push("x", Number.NaN)).toThrow(EngineError)
    expect(() => d.push("x", Number.POSITIVE_INFINITY)).toThrow(EngineError)
    expect(() => d.sum("x")).toThrow("sum: key x not found")
  })

  test("pack then unpack gives a driver that answers the same", () => {
    const d = driver(3)
    for (const [k, v] of [["x", 1], ["y", 2], ["x", 3], ["x", 7]] as const) d.push(k, v)
    const e = driver(3)
    e.unpack(d.pack())
    expect(e.sum("x")).toBe(d.sum("x"))
    expect(e.max("x")).toBe(7)
    e.push("x", 0)
    expect(e.min("x")).toBe(0)
    expect(e.max("x")).toBe(7)
  })

  test("a malformed payload is refused and the model is left unchanged", () => {
    const d = driver(3)
    d.push("x", 1)
    expect(() => d.unpack([3, "nope", {}, 0, 0])).toThrow(ModelFormatError)
    expect(d.sum("x")).toBe(1)
  })

  test("get_status names the storage", () => {
    expect(driver(1).status()).toEqual({ storage: "stat" })
  })
})
