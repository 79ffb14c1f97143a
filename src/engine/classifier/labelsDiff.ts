// The label counts as a linear mixable (jubatus_core storage/labels via linear_mixable_helper): the
// diff is a map label → count increments since the last MIX; folding sums; applying always succeeds.
import { ModelFormatError } from "../../common/errors.ts"
import type { LabelCounts } from "../linear/LabelCounts.ts"
import { asCount, mapEntries, toWireMap } from "../linear/wireValues.ts"

export const encodeLabelsDiff = (labels: LabelCounts): unknown => toWireMap(labels.pendingDiff())

export const decodeLabelsDiff = (v: unknown): Map<string, number> => {
  const entries = mapEntries(v)
  if (entries === undefined) throw new ModelFormatError("labels diff: expected a map label → count")
  const out = new Map<string, number>()
  for (const [label, n] of entries) {
    const count = asCount(n)
    if (count === undefined) throw new ModelFormatError(`labels diff: expected a count for label "${label}"`)
    out.set(label, count)
  }
  return out
}

export const mixLabelsDiffs = (lhs: ReadonlyMap<string, number>, rhs: ReadonlyMap<string, number>): Map<string, number> => {
  const out = new Map(rhs)
  for (const [label, n] of lhs) out.set(label, (out.get(label) ?? 0) + n)
  return out
}

export const encodeMixedLabels = (mixed: ReadonlyMap<string, number>): unknown => toWireMap(mixed)
