import { describe, expect, test } from "bun:test"
import { EngineError } from "../../src/common/errors.ts"
import type { Datum } from "../../src/fv/Datum.ts"
import { requireFiniteBatch, requireFiniteDatum, requireFiniteNumber } from "../../src/fv/finiteValues.ts"

const d = (x: number): Datum => [[["k", "v"]], [["y", 1], ["x", x]], []]

describe("finite values", () => {
  test("a datum with only finite numbers passes", () => {
    expect(() => requireFiniteDatum(d(-1e308))).not.toThrow()
  })

  test("NaN and infinities are refused with the key named", () => {
    expect(() => requireFiniteDatum(d(NaN))).toThrow('cannot learn datum: num value "x" is NaN, only finite numbers can be learned')
    expect(() => requireFiniteDatum(d(Infinity))).toThrow(EngineError)
    expect(() => requireFiniteDatum(d(-Infinity))).toThrow("-infinite")
  })

  test("a batch is checked whole and names the datum at fault", () => {
    const seen: Array<number> = []
    expect(() =>
      requireFiniteBatch([d(1), d(2), d(NaN)], (x) => {
        seen.push(x[1][1][1])
        return x
      })
    ).toThrow('cannot learn datum 2: num value "x" is NaN')
    expect(seen.length).toBe(3)
  })

  test("a lone number is refused when not finite", () => {
    expect(() => requireFiniteNumber(Infinity, "score")).toThrow("cannot learn score: it is infinite")
    expect(() => requireFiniteNumber(0, "score")).not.toThrow()
  })
})
