// A sparse feature vector (jubatus_core common::sfv_t) as two parallel arrays rather than an array of
// pairs: one allocation per datum instead of one per feature on the train/classify hot path.

export interface FeatureVector {
  readonly keys: Array<string>
  readonly values: Array<number>
}

export const emptyFeatureVector = (): FeatureVector => ({ keys: [], values: [] })

/** Sums the values of repeated keys, keeping first-seen order (Jubatus merges duplicates before training). */
export const mergeDuplicateKeys = (fv: FeatureVector): FeatureVector => {
  const n = fv.keys.length
  if (n < 2) return fv
  const index = new Map<string, number>()
  const keys: Array<string> = []
  const values: Array<number> = []
  for (let i = 0; i < n; i++) {
    const k = fv.keys[i]
    const at = index.get(k)
    if (at === undefined) {
      index.set(k, keys.length)
      keys.push(k)
      values.push(fv.values[i])
    } else {
      values[at] += fv.values[i]
    }
  }
  return keys.length === n ? fv : { keys, values }
}
