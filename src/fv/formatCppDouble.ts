// A double printed the way a default C++ ostream prints it (`%g`, 6 significant digits), which
// Jubatus's `str` num type puts into feature names: 1 → "1", 0.5 → "0.5", 1e-07 → "1e-07",
// 1234567 → "1.23457e+06".

const PRECISION = 6

const stripFraction = (digits: string): string => {
  if (digits.indexOf(".") < 0) return digits
  let end = digits.length
  while (digits.charCodeAt(end - 1) === 48) end--
  if (digits.charCodeAt(end - 1) === 46) end--
  return digits.slice(0, end)
}

// JS rounds exact decimal ties away from zero, glibc to even: find the ties and round them down
// when the kept digit is even. `mantissa` is `d.ddddd` from toExponential(PRECISION - 1).
const roundHalfEven = (magnitude: number, mantissa: string): string => {
  const long = magnitude.toExponential(20)
  const cut = long.indexOf("e")
  const rest = long.slice(PRECISION + 1, cut) // digits after the 6th significant one
  if (rest[0] !== "5" || !/^50*$/.test(rest)) return mantissa
  const kept = long.slice(0, PRECISION + 1)
  return (long.charCodeAt(PRECISION) & 1) === 0 ? kept : mantissa
}

export const formatCppDouble = (v: number): string => {
  if (v !== v) return "nan"
  if (v === Infinity) return "inf"
  if (v === -Infinity) return "-inf"
  if (v === 0) return Object.is(v, -0) ? "-0" : "0"
  if (Number.isInteger(v) && v > -1e6 && v < 1e6) return String(v)
  const sign = v < 0 ? "-" : ""
  const magnitude = Math.abs(v)
  const exp = magnitude.toExponential(PRECISION - 1)
  const e = exp.indexOf("e")
  const mantissa = roundHalfEven(magnitude, exp.slice(0, e))
  // a tie rounded down cannot change the exponent, so the one of the rounded-up form stands
  const x = Number(exp.slice(e + 1))
  if (x < -4 || x >= PRECISION) {
    const digits = stripFraction(mantissa)
    const abs = x < 0 ? -x : x
    return `${sign}${digits}e${x < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`
  }
  // fixed notation with PRECISION significant digits, taken from the already rounded mantissa
  const sig = mantissa.replace(".", "")
  let fixed: string
  if (x >= 0) {
    fixed = `${sig.slice(0, x + 1)}.${sig.slice(x + 1)}`
  } else {
    fixed = `0.${"0".repeat(-x - 1)}${sig}`
  }
  return sign + stripFraction(fixed)
}
