import type { EngineMethod } from "../../../src/engine/MethodTable.ts"
import { describe, expect, test } from "bun:test"
import { classifierMethods, estimateResult, labeledDatum } from "../../../src/engine/classifier/api.ts"
import { ClassifierDriver } from "../../../src/engine/classifier/ClassifierDriver.ts"
import { Invalid } from "../../../src/engine/WireType.ts"
import { fakeConverter } from "./fakeConverter.ts"
import { standaloneCluster } from "../../../src/engine/ClusterAccess.ts"

const cluster = standaloneCluster({ id: "127.0.0.1_9199", ip: "127.0.0.1", port: 9199 })

const byName: Record<string, EngineMethod<ClassifierDriver, any, any>> = Object.fromEntries(classifierMethods.map((m) => [m.name, m]))

describe("classifier api", () => {
  test("declares routing, lock, aggregation and update counting as classifier.idl does", () => {
    const shape = (name: string) => {
      const m = byName[name]
      return [m.routing.kind, m.lock, m.aggregator, m.updates, m.takesName]
    }
    expect(shape("train")).toEqual(["random", "nolock", "pass", true, true])
    expect(shape("classify")).toEqual(["random", "nolock", "pass", false, true])
    expect(shape("get_labels")).toEqual(["random", "nolock", "pass", false, true])
    expect(shape("set_label")).toEqual(["broadcast", "nolock", "allAnd", true, true])
    expect(shape("clear")).toEqual(["broadcast", "nolock", "allAnd", true, true])
    expect(shape("delete_label")).toEqual(["broadcast", "nolock", "allOr", true, true])
  })

  test("checks labeled datums and estimate results, taking raw labels as strings", () => {
    const raw = new TextEncoder().encode("spam")
    const value = [raw, [[["k", "v"]], [["x", 1]], []]]
    expect(labeledDatum.check(value)).toEqual(["spam", [[["k", "v"]], [["x", 1]], []]] as any)
    expect(labeledDatum.check(["spam", "not a datum"])).toBe(Invalid)
    expect(estimateResult.check(["ham", 0.5])).toEqual(["ham", 0.5])
    expect(byName.train.result.idl).toBe("int")
    expect(byName.get_labels.result.idl).toBe("map<string, ulong>")
  })

  test("runs each method on the driver", () => {
    const d = new ClassifierDriver(
      { method: "arow", regularizationWeight: 1, unlearner: undefined, converter: {} },
      fakeConverter(),
      { distributed: false }
    )
    expect(byName.set_label.run(d, ["eggs"], cluster)).toBe(true)
    expect(byName.train.run(d, [[["spam", [[], [["x", 1]], []]]]], cluster)).toBe(1)
    expect(byName.get_labels.run(d, [], cluster)).toEqual({ eggs: 0, spam: 1 })
    expect(byName.classify.run(d, [[[[], [["x", 1]], []]]], cluster)).toEqual([
      [
        ["eggs", -1 / 3],
        ["spam", 1 / 3]
      ]
    ])
    expect(byName.delete_label.run(d, ["eggs"], cluster)).toBe(true)
    expect(byName.clear.run(d, [], cluster)).toBe(true)
    expect(byName.get_labels.run(d, [], cluster)).toEqual({})
  })
})
