// The converter's document statistics and global weighting (jubatus_core fv_converter/weight_manager
// and its linear mixable): a master table, the diff learned since the last MIX, and a version that
// gates put_diff. Diff `[keyword_weights, [version]]`; packed `[[version], diff, master]` (spec §6.1).
import { ModelFormatError } from "../common/errors.ts"
import type { WeightManager } from "./Converter.ts"
import { groupKeyOf, KeywordWeights, readCount } from "./KeywordWeights.ts"

/** Global weight of a feature, as a small code carried beside each feature during conversion. */
export const GlobalWeight = { bin: 0, idf: 1, idf1: 2, bm25: 3, weight: 4 } as const
export type GlobalWeight = (typeof GlobalWeight)[keyof typeof GlobalWeight]

const BM25_K1 = 1.2
const BM25_B = 0.75

interface VersionedDiff {
  readonly weights: KeywordWeights
  readonly version: number
}

const readVersion = (u: unknown, what: string): number => {
  // storage::version is a struct of one uint64, hence `[n]`
  if (!Array.isArray(u) || u.length !== 1) throw new ModelFormatError(`${what} must be a 1-element array`)
  return readCount(u[0], what)
}

const readDiff = (u: unknown): VersionedDiff => {
  if (!Array.isArray(u) || u.length !== 2) {
    throw new ModelFormatError("weight manager diff must be [keyword_weights, version]")
  }
  return { weights: KeywordWeights.fromWire(u[0], "weight manager diff"), version: readVersion(u[1], "weight manager diff version") }
}

const diffToWire = (d: VersionedDiff): unknown => [d.weights.toWire(), [d.version]]

export class DocumentWeightManager implements WeightManager {
  private version = 0
  private readonly diff = new KeywordWeights()
  private readonly master = new KeywordWeights()

  /** Counts a trained document (Jubatus's update_weight); its features are still unweighted. */
  countDocument(keys: ReadonlyArray<string>, values: ReadonlyArray<number>, withGroups: boolean): void {
    this.diff.countDocument(keys, values, withGroups)
  }

  /** Sets a user weight for `<key>$<token>@<type>`, read by the `weight` global weight. */
  addWeight(key: string, weight: number): void {
    this.diff.userWeights.set(key, weight)
  }

  private documentFrequency(key: string): number {
    return (this.diff.documentFrequencies.get(key) ?? 0) + (this.master.documentFrequencies.get(key) ?? 0)
  }

  private averageGroupLength(group: string): number {
    const freq = (this.diff.groupFrequencies.get(group) ?? 0) + (this.master.groupFrequencies.get(group) ?? 0)
    if (freq === 0) return 0
    return ((this.diff.groupTotalLengths.get(group) ?? 0) + (this.master.groupTotalLengths.get(group) ?? 0)) / freq
  }

  private userWeight(key: string): number {
    return (this.diff.userWeights.get(key) ?? 0) + (this.master.userWeights.get(key) ?? 0)
  }

  /**
   * Multiplies each feature's sample weight by its global weight, in place (Jubatus's get_weight).
   * Features are visited in order and bm25 group lengths are summed when the first bm25 feature is
   * met, over values of which the earlier ones are already weighted: Jubatus does the same.
   */
  weigh(keys: ReadonlyArray<string>, values: Array<number>, kinds: ReadonlyArray<number>): void {
    const documents = this.diff.documentCount + this.master.documentCount
    let groupLengths: Map<string, number> | undefined
    for (let i = 0; i < keys.length; i++) {
      const kind = kinds[i]
      if (kind === GlobalWeight.bin) continue
      const key = keys[i]
      const w = values[i]
      switch (kind) {
        case GlobalWeight.idf:
          values[i] = Math.log((documents + 1) / (this.documentFrequency(key) + 1)) * w
          break
        case GlobalWeight.idf1:
          values[i] = (Math.log((documents + 1) / (this.documentFrequency(key) + 1)) + 1) * w
          break
        case GlobalWeight.bm25: {
          if (groupLengths === undefined) {
            groupLengths = new Map()
            for (let j = 0; j < keys.length; j++) {
              const g = groupKeyOf(keys[j])
              if (g !== "") groupLengths.set(g, (groupLengths.get(g) ?? 0) + values[j])
            }
          }
          const group = groupKeyOf(key)
          const df = this.documentFrequency(key)
          const length = groupLengths.get(group) ?? 0
          const average = this.averageGroupLength(group)
          values[i] = Math.log((documents - df + 0.5) / (df + 0.5)) *
            ((w * (BM25_K1 + 1)) / (w + BM25_K1 * (1 - BM25_B + BM25_B * (length / average))))
          break
        }
        case GlobalWeight.weight: {
          const p = key.lastIndexOf("#")
          values[i] = p < 0 ? 0 : this.userWeight(key.slice(0, p)) * w
          break
        }
      }
    }
  }

  readonly getDiff = (): unknown => diffToWire({ weights: this.diff, version: this.version })

  /** Same version: counts summed, user weights united (`lhs` kept on conflict); else the newer wins. */
  readonly mix = (lhs: unknown, rhs: unknown): unknown => {
    const a = readDiff(lhs)
    const b = readDiff(rhs)
    if (a.version === b.version) return diffToWire({ weights: a.weights.merge(b.weights), version: a.version })
    return diffToWire(a.version > b.version ? a : b)
  }

  /** Applies a mixed diff when it was made against this version: master += diff, diff cleared, version + 1. */
  readonly putDiff = (diff: unknown): boolean => {
    const d = readDiff(diff)
    if (d.version !== this.version) return false
    this.master.merge(d.weights)
    this.diff.clear()
    this.version++
    return true
  }

  readonly pack = (): unknown => [[this.version], this.diff.toWire(), this.master.toWire()]

  readonly unpack = (packed: unknown): void => {
    if (!Array.isArray(packed) || packed.length !== 3) {
      throw new ModelFormatError("weight manager must be [version, diff_weights, master_weights]")
    }
    const version = readVersion(packed[0], "weight manager version")
    const diff = KeywordWeights.fromWire(packed[1], "weight manager diff_weights")
    const master = KeywordWeights.fromWire(packed[2], "weight manager master_weights")
    this.version = version
    this.diff.assign(diff)
    this.master.assign(master)
  }

  /** Forgets the statistics; the version stays, as in Jubatus, so MIX still lines up. */
  readonly clear = (): void => {
    this.diff.clear()
    this.master.clear()
  }

  readonly status = (): Record<string, string> => {
    const out: Record<string, string> = { weight_manager_version: String(this.version) }
    this.diff.status("diff", out)
    this.master.status("master", out)
    return out
  }
}

export const makeWeightManager = (): DocumentWeightManager => new DocumentWeightManager()
