// How a proxy folds the answers of several members into one (Jubatus framework/aggregators.hpp):
// `pass` keeps the first to arrive, `merge` unites maps (later keys win), `allAnd`/`allOr` combine
// booleans, `concat` joins lists, `add` sums.
import type { Aggregator } from "../engine/MethodTable.ts"

export const aggregate = (aggregator: Aggregator, results: ReadonlyArray<unknown>, zero: () => unknown): unknown => {
  if (results.length === 0) return zero()
  switch (aggregator) {
    case "pass":
      return results[0]
    case "merge":
      return Object.assign({}, ...(results as Array<Record<string, unknown>>))
    case "allAnd":
      return results.every((r) => r === true)
    case "allOr":
      return results.some((r) => r === true)
    case "concat":
      return (results as Array<Array<unknown>>).flat()
    case "add":
      return (results as Array<number>).reduce((a, b) => a + b, 0)
  }
}
