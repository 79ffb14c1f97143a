// The classifier's RPC surface (jubatus/server/server/classifier.idl, spec §4.3): names, wire types,
// proxy routing, locking and aggregation, each bound to the driver method that answers it.
import { datum } from "../commonTypes.ts"
import { broadcast, engineMethod, random, type MethodTable } from "../MethodTable.ts"
import * as W from "../WireType.ts"
import type { ClassifierDriver, EstimateResult, LabeledDatum } from "./ClassifierDriver.ts"

const method = engineMethod<ClassifierDriver>()

/** `labeled_datum = [label, data]` */
export const labeledDatum: W.WireType<LabeledDatum> = W.tuple<LabeledDatum>("labeled_datum", W.string, datum)

/** `estimate_result = [label, score]` */
export const estimateResult: W.WireType<EstimateResult> = W.tuple<EstimateResult>("estimate_result", W.string, W.double)

export const train = method({
  name: "train",
  args: [W.list(labeledDatum)],
  result: W.int,
  routing: random,
  lock: "nolock",
  updates: true,
  aggregator: "pass",
  run: (driver, [data]) => driver.train(data)
})

export const classify = method({
  name: "classify",
  args: [W.list(datum)],
  result: W.list(W.list(estimateResult)),
  routing: random,
  lock: "nolock",
  aggregator: "pass",
  run: (driver, [data]) => driver.classify(data)
})

export const getLabels = method({
  name: "get_labels",
  args: [],
  result: W.map(W.string, W.ulong),
  routing: random,
  lock: "nolock",
  aggregator: "pass",
  run: (driver) => driver.getLabels()
})

export const setLabel = method({
  name: "set_label",
  args: [W.string],
  result: W.bool,
  routing: broadcast,
  lock: "nolock",
  updates: true,
  aggregator: "allAnd",
  run: (driver, [label]) => driver.setLabel(label)
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

export const deleteLabel = method({
  name: "delete_label",
  args: [W.string],
  result: W.bool,
  routing: broadcast,
  lock: "nolock",
  updates: true,
  aggregator: "allOr",
  run: (driver, [label]) => driver.deleteLabel(label)
})

/** In classifier.idl order; a const tuple so the typed client keeps each method's types. */
export const classifierMethods = [
  train,
  classify,
  getLabels,
  setLabel,
  clear,
  deleteLabel
] as const satisfies MethodTable<ClassifierDriver>
