// The stat method table declares what stat.idl declares and runs each method on the driver.
import { describe, expect, test } from "bun:test"
import { statMethods } from "../../../src/engine/stat/api.ts"
import { statEngine } from "../../../src/engine/stat/engine.ts"
import { StatDriver } from "../../../src/engine/stat/StatDriver.ts"
import { standaloneCluster } from "../../../src/engine/ClusterAccess.ts"
import type { EngineMethod } from "../../../src/engine/MethodTable.ts"

const cluster = standaloneCluster({ id: "127.0.0.1_9199", ip: "127.0.0.1", port: 9199 })
const byName: Record<string, EngineMethod<StatDriver, any, any>> = Object.fromEntries(statMethods.map((m) => [m.name, m]))

describe("stat api", () => {
  test("declares methods, routing, lock, aggregation and argument types as stat.idl does", () => {
    expect(statMethods.map((m) => m.name)).toEqual(["push", "sum", "stddev", "max", "min", "entropy", "moment", "clear"])
    const shape = (name: string) => {
      const m = byName[name]!
      return [m.routing.kind, m.routing.kind === "cht" ? m.routing.replicas : undefined, m.lock, m.aggregator, m.updates, m.args.map((a) => a.idl), m.result.idl]
    }
    expect(shape("push")).toEqual(["cht", 1, "update", "allAnd", true, ["string", "double"], "bool"])
    for (const q of ["sum", "stddev", "max", "min", "entropy"]) expect(shape(q)).toEqual(["cht", 1, "analysis", "pass", false, ["string"], "double"])
    expect(shape("moment")).toEqual(["cht", 1, "analysis", "pass", false, ["string", "int", "double"], "double"])
    expect(shape("clear")).toEqual(["broadcast", undefined, "update", "allAnd", true, [], "bool"])
    expect(statEngine.useCht).toBe(true)
  })

  test("runs each method on the driver", () => {
    const d = statEngine.create(statEngine.decodeConfig({ window_size: 3 }), { distributed: false })
    expect(byName.push!.run(d, ["x", 2], cluster)).toBe(true)
    expect(byName.push!.run(d, ["x", 4], cluster)).toBe(true)
    expect(byName.sum!.run(d, ["x"], cluster)).toBe(6)
    expect(byName.stddev!.run(d, ["x"], cluster)).toBe(1)
    expect(byName.max!.run(d, ["x"], cluster)).toBe(4)
    expect(byName.min!.run(d, ["x"], cluster)).toBe(2)
    expect(byName.entropy!.run(d, ["whatever"], cluster)).toBe(-0)
    expect(byName.moment!.run(d, ["x", 2, 3], cluster)).toBe(1)
    expect(byName.clear!.run(d, [], cluster)).toBe(true)
    expect(() => byName.sum!.run(d, ["x"], cluster)).toThrow("sum: key x not found")
  })
})
