// Combination features (jubatus_core fv_converter combination_feature_impl and
// datum_to_fv_converter's convert_combinations): for every unordered pair of the weighted features
// whose names match a rule's left and right keys (either way round), `<f1>&<f2>/<type>` with value
// l + r (`add`) or l · r (`mul`). Only features present before combining take part.
import type { CombinationRule } from "./compileConverter.ts"
import { KeyCache, matchesKey } from "./KeyMatcher.ts"

/** Builds the combination step of one converter; it appends to `keys`/`values` in place. */
export const makeCombiner = (rules: ReadonlyArray<CombinationRule>) => {
  const nRules = rules.length
  // per feature name: [left matches of rule 0, right matches of rule 0, left of rule 1, …]
  const cache = new KeyCache<Uint8Array>((name) => {
    const flags = new Uint8Array(2 * nRules)
    for (let r = 0; r < nRules; r++) {
      flags[2 * r] = matchesKey(rules[r].left, name) ? 1 : 0
      flags[2 * r + 1] = matchesKey(rules[r].right, name) ? 1 : 0
    }
    return flags
  })
  let flags: Array<Uint8Array> = []

  return (keys: Array<string>, values: Array<number>): void => {
    const n = keys.length
    if (n < 2) return
    if (flags.length < n) flags = new Array(n)
    for (let i = 0; i < n; i++) flags[i] = cache.get(keys[i])
    for (let r = 0; r < nRules; r++) {
      const { op, nameSuffix } = rules[r]
      const L = 2 * r
      const R = L + 1
      for (let j = 0; j < n - 1; j++) {
        const fj = flags[j]
        for (let m = j + 1; m < n; m++) {
          const fm = flags[m]
          if ((fj[L] === 1 && fm[R] === 1) || (fj[R] === 1 && fm[L] === 1)) {
            keys.push(keys[j] + "&" + keys[m] + nameSuffix)
            values.push(op === "add" ? values[j] + values[m] : values[j] * values[m])
          }
        }
      }
    }
  }
}
