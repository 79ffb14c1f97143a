// No value can poison a model: an update whose datum carries NaN or ±Infinity is refused whole, before
// anything of it is learned. C++ Jubatus stores such a value and the labels or rows it touched answer
// NaN from then on; juba refuses the call with a clear error instead.
import { EngineError } from "../common/errors.ts"
import type { Datum } from "./Datum.ts"

const describe = (v: number): string => (Number.isNaN(v) ? "NaN" : v > 0 ? "infinite" : "-infinite")

/** Throws if a num value of `datum` is not finite; `where` names it in the message (`datum 3`). */
export const requireFiniteDatum = (datum: Datum, where = "datum"): void => {
  const nums = datum[1]
  for (let i = 0; i < nums.length; i++) {
    const v = nums[i][1]
    // v - v is 0 for every finite number and NaN for NaN and ±Infinity: one check on the hot path.
    if (v - v !== 0) throw new EngineError(`cannot learn ${where}: num value "${nums[i][0]}" is ${describe(v)}, only finite numbers can be learned`)
  }
}

/** Checks every datum of a batch before the batch is applied, so a refused batch changes nothing. */
export const requireFiniteBatch = <T>(items: ReadonlyArray<T>, datumOf: (item: T) => Datum): void => {
  for (let i = 0; i < items.length; i++) requireFiniteDatum(datumOf(items[i]), `datum ${i}`)
}

/** Throws if a number an update carries besides its datum (a score, a reward, a pushed value) is not finite. */
export const requireFiniteNumber = (value: number, what: string): void => {
  if (value - value !== 0) throw new EngineError(`cannot learn ${what}: it is ${describe(value)}, only finite numbers can be learned`)
}
