// Orders a feature vector by (key, value) and sums repeated keys (jubatus_core common::sort_and_merge),
// which the classifier driver applies before training. The order matters beyond merging: margins and
// variances are sums over features, and summing in Jubatus's order gives Jubatus's bits.
import type { FeatureVector } from "../../fv/FeatureVector.ts"

/** Reused output buffers: one train call merges many vectors, each overwriting the last. */
export class SortedVector {
  keys: Array<string> = []
  values: Array<number> = []
  length = 0
  private order: Array<number> = []
  /** The keys of the last vector sorted, and whether they were all distinct: the next vector usually has the same ones. */
  private lastKeys: Array<string> = []
  private lastDistinct = false

  /** Loads `fv` sorted and merged; strings compare by UTF-16 units (= byte order outside astral planes). */
  load(fv: FeatureVector): void {
    const n = fv.keys.length
    const ks = fv.keys
    const vs = fv.values
    const order = this.order
    if (!this.sameKeysAsLast(ks)) this.sort(ks, vs, n)
    const keys = this.keys
    const values = this.values
    keys.length = n
    values.length = n
    let m = 0
    for (let i = 0; i < n; i++) {
      const o = order[i]
      if (m > 0 && keys[m - 1] === ks[o]) {
        values[m - 1] += vs[o]
      } else {
        keys[m] = ks[o]
        values[m] = vs[o]
        m++
      }
    }
    keys.length = m
    values.length = m
    this.length = m
  }

  /**
   * With distinct keys the order depends on the keys alone, so a vector with the same keys in the same
   * places (the same string objects, as the converter's name caches hand out) reuses the last order.
   */
  private sameKeysAsLast(ks: ReadonlyArray<string>): boolean {
    const last = this.lastKeys
    if (!this.lastDistinct || last.length !== ks.length) return false
    for (let i = 0; i < ks.length; i++) if (last[i] !== ks[i]) return false
    return true
  }

  private sort(ks: ReadonlyArray<string>, vs: ReadonlyArray<number>, n: number): void {
    const order = this.order
    order.length = n
    for (let i = 0; i < n; i++) order[i] = i
    if (n <= 24) {
      for (let i = 1; i < n; i++) {
        const o = order[i]
        const k = ks[o]
        const v = vs[o]
        let j = i - 1
        while (j >= 0) {
          const p = order[j]
          const pk = ks[p]
          if (pk < k || (pk === k && !(v < vs[p]))) break
          order[j + 1] = p
          j--
        }
        order[j + 1] = o
      }
    } else {
      order.sort((a, b) => {
        const ka = ks[a]
        const kb = ks[b]
        if (ka !== kb) return ka < kb ? -1 : 1
        const va = vs[a]
        const vb = vs[b]
        return va < vb ? -1 : vb < va ? 1 : 0
      })
    }
    let distinct = true
    for (let i = 1; i < n; i++) if (ks[order[i]] === ks[order[i - 1]]) distinct = false
    this.lastDistinct = distinct
    this.lastKeys.length = n
    for (let i = 0; i < n; i++) this.lastKeys[i] = ks[i]
  }
}
