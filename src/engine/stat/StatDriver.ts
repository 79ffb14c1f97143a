// The stat engine's model (jubatus_core stat/stat.{hpp,cpp}, driver/stat.cpp): a sliding window of
// the last `window_size` pushes over all keys, per-key running statistics over that window, and the
// cluster-wide entropy terms `(e, n)` that linear mixing leaves behind.
import { EngineError, ModelFormatError } from "../../common/errors.ts"
import { requireFiniteNumber } from "../../fv/finiteValues.ts"
import { Float64 } from "../../rpc/MsgpackWriter.ts"
import type { Driver, LinearMixable } from "../Driver.ts"
import type { StatConfig } from "./StatConfig.ts"

/** Running statistics of one key over the window (stat_val: n, sum, sum2, max, min). */
interface StatVal {
  n: number
  sum: number
  sum2: number
  max: number
  min: number
}

/** The mix diff of mixable_stat: `(Σ n_k log n_k, Σ n_k)` over this member's keys. */
export type StatDiff = readonly [number, number]

const text = (v: unknown, what: string): string => {
  if (typeof v === "string") return v
  if (v instanceof Uint8Array) return new TextDecoder().decode(v)
  throw new ModelFormatError(`${what} must be a string`)
}

const num = (v: unknown, what: string): number => {
  if (typeof v === "number") return v
  if (typeof v === "bigint") return Number(v)
  if (v instanceof Float64) return v.value
  throw new ModelFormatError(`${what} must be a number`)
}

export class StatDriver implements Driver {
  private readonly windowSize: number
  // The window as a deque: parallel arrays with a moving head, compacted when half is dead.
  private times: Array<number> = []
  private keys: Array<string> = []
  private values: Array<number> = []
  private head = 0
  private stats = new Map<string, StatVal>()
  private e = 0
  private n = 0

  readonly mixable: LinearMixable

  constructor(config: StatConfig) {
    this.windowSize = config.windowSize
    this.mixable = {
      getDiff: () => {
        const [e, n] = this.getDiff()
        return [[new Float64(e), n]]
      },
      mix: (lhs, rhs) => {
        const l = this.decodeDiff(lhs)
        const r = this.decodeDiff(rhs)
        return [[new Float64(l[0] + r[0]), l[1] + r[1]]]
      },
      putDiff: (diff) => {
        const [e, n] = this.decodeDiff(diff)
        this.e = e
        this.n = n
        return true
      }
    }
  }

  private decodeDiff(diff: unknown): StatDiff {
    if (!Array.isArray(diff) || diff.length !== 1 || !Array.isArray(diff[0]) || diff[0].length !== 2) {
      throw new ModelFormatError("stat diff must be [[e, n]]")
    }
    return [num(diff[0][0], "diff e"), num(diff[0][1], "diff n")]
  }

  getDiff(): StatDiff {
    let e = 0
    let n = 0
    for (const st of this.stats.values()) {
      e += st.n * Math.log(st.n)
      n += st.n
    }
    return [e, n]
  }

  private get size(): number {
    return this.keys.length - this.head
  }

  push(key: string, value: number): boolean {
    requireFiniteNumber(value, `value of key "${key}"`)
    this.times.push(Math.floor(Date.now() / 1000))
    this.keys.push(key)
    this.values.push(value)
    let st = this.stats.get(key)
    if (st === undefined) {
      st = { n: 0, sum: 0, sum2: 0, max: 0, min: 0 }
      this.stats.set(key, st)
    }
    st.n += 1
    st.sum += value
    st.sum2 += value * value
    st.max = st.n > 1 ? Math.max(st.max, value) : value
    st.min = st.n > 1 ? Math.min(st.min, value) : value
    while (this.size > this.windowSize) this.dropOldest()
    return true
  }

  private dropOldest(): void {
    const key = this.keys[this.head]!
    const value = this.values[this.head]!
    this.head++
    if (this.head > 1024 && this.head * 2 > this.keys.length) {
      this.times = this.times.slice(this.head)
      this.keys = this.keys.slice(this.head)
      this.values = this.values.slice(this.head)
      this.head = 0
    }
    const st = this.stats.get(key)!
    st.n -= 1
    st.sum -= value
    st.sum2 -= value * value
    // Extremes leaving the window are recomputed from what remains of this key in it.
    if (st.max === value) st.max = st.n > 0 ? this.extreme(key, Math.max) : 0
    if (st.min === value) st.min = st.n > 0 ? this.extreme(key, Math.min) : 0
    if (st.n === 0) this.stats.delete(key)
  }

  private extreme(key: string, pick: (a: number, b: number) => number): number {
    let out = 0
    let first = true
    for (let i = this.head; i < this.keys.length; i++) {
      if (this.keys[i] !== key) continue
      const v = this.values[i]!
      out = first ? v : pick(out, v)
      first = false
    }
    return out
  }

  private find(method: string, key: string): StatVal {
    const st = this.stats.get(key)
    if (st === undefined) throw new EngineError(`${method}: key ${key} not found`)
    return st
  }

  sum(key: string): number {
    return this.find("sum", key).sum
  }

  stddev(key: string): number {
    const st = this.find("stddev", key)
    return Math.sqrt(this.moment(key, 2, st.sum / st.n))
  }

  max(key: string): number {
    return this.find("max", key).max
  }

  min(key: string): number {
    return this.find("min", key).min
  }

  /** The key is ignored, as in jubatus_core: the entropy is over the key distribution of the window. */
  entropy(): number {
    if (this.n === 0) {
      // never mixed: local key frequencies
      let total = 0
      for (const st of this.stats.values()) total += st.n
      let ret = 0
      for (const st of this.stats.values()) {
        const p = st.n / total
        ret += p * Math.log(p)
      }
      return -1.0 * ret
    }
    return Math.log(this.n) - this.e / this.n
  }

  moment(key: string, degree: number, center: number): number {
    if (degree < 0) return -1
    const st = this.find("moment", key)
    if (degree === 0) return 1
    if (degree === 1) return (st.sum - center * st.n) / st.n
    if (degree === 2) return (st.sum2 - 2 * st.sum * center) / st.n + center * center
    let ret = 0
    for (let i = this.head; i < this.keys.length; i++) {
      if (this.keys[i] !== key) continue
      ret += Math.pow(this.values[i]! - center, degree)
    }
    return ret / st.n
  }

  /** Empties window and statistics; the mixed entropy terms stay, as in jubatus_core. */
  clear(): void {
    this.times = []
    this.keys = []
    this.values = []
    this.head = 0
    this.stats = new Map()
  }

  /** MSGPACK_DEFINE(window_size_, window_, stats_, e_, n_) */
  pack(): unknown {
    const window: Array<unknown> = []
    for (let i = this.head; i < this.keys.length; i++) {
      window.push([this.times[i], [this.keys[i], new Float64(this.values[i]!)]])
    }
    const stats: Record<string, unknown> = {}
    for (const [key, st] of this.stats) {
      stats[key] = [st.n, new Float64(st.sum), new Float64(st.sum2), new Float64(st.max), new Float64(st.min)]
    }
    return [this.windowSize, window, stats, new Float64(this.e), new Float64(this.n)]
  }

  unpack(packed: unknown): void {
    if (!Array.isArray(packed) || packed.length !== 5) throw new ModelFormatError("stat model must be [window_size, window, stats, e, n]")
    const [, rawWindow, rawStats, rawE, rawN] = packed
    if (!Array.isArray(rawWindow)) throw new ModelFormatError("stat window must be an array")
    const times: Array<number> = []
    const keys: Array<string> = []
    const values: Array<number> = []
    for (const entry of rawWindow) {
      if (!Array.isArray(entry) || entry.length !== 2 || !Array.isArray(entry[1]) || entry[1].length !== 2) {
        throw new ModelFormatError("stat window entry must be [timestamp, [key, value]]")
      }
      times.push(num(entry[0], "window timestamp"))
      keys.push(text(entry[1][0], "window key"))
      values.push(num(entry[1][1], "window value"))
    }
    if (typeof rawStats !== "object" || rawStats === null || Array.isArray(rawStats)) throw new ModelFormatError("stat stats must be a map")
    const stats = new Map<string, StatVal>()
    for (const [key, v] of Object.entries(rawStats as Record<string, unknown>)) {
      if (!Array.isArray(v) || v.length !== 5) throw new ModelFormatError(`stats of key "${key}" must be [n, sum, sum2, max, min]`)
      stats.set(key, {
        n: num(v[0], "n"),
        sum: num(v[1], "sum"),
        sum2: num(v[2], "sum2"),
        max: num(v[3], "max"),
        min: num(v[4], "min")
      })
    }
    const e = num(rawE, "e")
    const n = num(rawN, "n")
    // window_size_ is not taken from the payload: load checks the saved config equals ours.
    this.times = times
    this.keys = keys
    this.values = values
    this.head = 0
    this.stats = stats
    this.e = e
    this.n = n
  }

  status(): Record<string, string> {
    return { storage: "stat" }
  }
}
