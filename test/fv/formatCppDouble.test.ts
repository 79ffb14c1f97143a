import { describe, expect, test } from "bun:test"
import { formatCppDouble } from "../../src/fv/formatCppDouble.ts"

describe("formatCppDouble", () => {
  test("prints like a default C++ ostream with six significant digits", () => {
    expect(formatCppDouble(1)).toBe("1")
    expect(formatCppDouble(0.5)).toBe("0.5")
    expect(formatCppDouble(1e-7)).toBe("1e-07")
    expect(formatCppDouble(1234567)).toBe("1.23457e+06")
    expect(formatCppDouble(123456.7)).toBe("123457")
    expect(formatCppDouble(100000)).toBe("100000")
    expect(formatCppDouble(1e6)).toBe("1e+06")
    expect(formatCppDouble(0.0001)).toBe("0.0001")
    expect(formatCppDouble(0.00001234)).toBe("1.234e-05")
    expect(formatCppDouble(1 / 3)).toBe("0.333333")
    expect(formatCppDouble(-2.5)).toBe("-2.5")
    expect(formatCppDouble(1e100)).toBe("1e+100")
  })

  test("rounds exact decimal ties to even as glibc does", () => {
    expect(formatCppDouble(1234565)).toBe("1.23456e+06")
    expect(formatCppDouble(1234575)).toBe("1.23458e+06")
    expect(formatCppDouble(12.34375)).toBe("12.3438")
  })

  test("spells zeros and non-finite values like glibc", () => {
    expect(formatCppDouble(0)).toBe("0")
    expect(formatCppDouble(-0)).toBe("-0")
    expect(formatCppDouble(Infinity)).toBe("inf")
    expect(formatCppDouble(-Infinity)).toBe("-inf")
    expect(formatCppDouble(NaN)).toBe("nan")
  })
})
