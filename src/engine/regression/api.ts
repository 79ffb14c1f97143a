// The regression's RPC surface (jubatus/server/server/regression.idl, spec §4.4): names, wire types,
// proxy routing, locking and aggregation, each bound to the driver method that answers it.
import { datum } from "../commonTypes.ts"
import { broadcast, engineMethod, random, type MethodTable } from "../MethodTable.ts"
import * as W from "../WireType.ts"
import type { RegressionDriver, ScoredDatum } from "./RegressionDriver.ts"

const method = engineMethod<RegressionDriver>()

/** `scored_datum = [score, data]` */
export const scoredDatum: W.WireType<ScoredDatum> = W.tuple<ScoredDatum>("scored_datum", W.double, datum)

export const train = method({
  name: "train",
  args: [W.list(scoredDatum)],
  result: W.int,
  routing: random,
  lock: "nolock",
  updates: true,
  aggregator: "pass",
  run: (driver, [data]) => driver.train(data)
})

export const estimate = method({
  name: "estimate",
  args: [W.list(datum)],
  result: W.list(W.double),
  routing: random,
  lock: "nolock",
  aggregator: "pass",
  run: (driver, [data]) => driver.estimate(data)
})

export const clear = method({
  name: "clear",
  args: [],
  result: W.bool,
  routing: broadcast,
  lock: "nolock",
  updates: true,
  aggregator: "allAnd",
  run: (driver) => {
    driver.clear()
    return true
  }
})

/** In regression.idl order; a const tuple so the typed client keeps each method's types. */
export const regressionMethods = [train, estimate, clear] as const satisfies MethodTable<RegressionDriver>
