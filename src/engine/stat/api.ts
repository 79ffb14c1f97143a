// The stat engine's RPC surface (jubatus/server/server/stat.idl, spec §4.4): every method but clear
// is routed by CHT on its key to one member.
import { broadcast, cht, engineMethod, type MethodTable } from "../MethodTable.ts"
import * as W from "../WireType.ts"
import type { StatDriver } from "./StatDriver.ts"

const method = engineMethod<StatDriver>()

export const push = method({
  name: "push",
  args: [W.string, W.double],
  result: W.bool,
  routing: cht(1),
  lock: "update",
  updates: true,
  aggregator: "allAnd",
  run: (driver, [key, value]) => driver.push(key, value)
})

const query = (name: string, run: (driver: StatDriver, key: string) => number) =>
  method({
    name,
    args: [W.string],
    result: W.double,
    routing: cht(1),
    lock: "analysis",
    aggregator: "pass",
    run: (driver, [key]) => run(driver, key)
  })

export const sum = query("sum", (d, key) => d.sum(key))
export const stddev = query("stddev", (d, key) => d.stddev(key))
export const max = query("max", (d, key) => d.max(key))
export const min = query("min", (d, key) => d.min(key))
export const entropy = query("entropy", (d) => d.entropy())

export const moment = method({
  name: "moment",
  args: [W.string, W.int, W.double],
  result: W.double,
  routing: cht(1),
  lock: "analysis",
  aggregator: "pass",
  run: (driver, [key, degree, center]) => driver.moment(key, degree, center)
})

export const clear = method({
  name: "clear",
  args: [],
  result: W.bool,
  routing: broadcast,
  lock: "update",
  updates: true,
  aggregator: "allAnd",
  run: (driver) => {
    driver.clear()
    return true
  }
})

/** In stat.idl order. */
export const statMethods = [push, sum, stddev, max, min, entropy, moment, clear] as const satisfies MethodTable<StatDriver>
