// The weight table of the linear models, classifier and regression (jubatus_core storage/local_storage and
// local_storage_mixture): per (feature, label) a weight and a covariance, stored in a RowArena.
//
// Mixture mode (distributed servers) keeps Jubatus's two tables in the same slot: the master value
// (w, cov) and the pending diff (dw, dcov), with absent parts stored as 0 so that a read is simply
// their sum, as local_storage_mixture::get_internal computes it, and two presence bits. Writes go to
// the diff only. Standalone mode (local_storage) writes w and cov directly and has no diff columns.
import { LabelIds } from "./LabelIds.ts"
import { RowArena } from "./RowArena.ts"

/** Presence bits of a slot in mixture mode. */
export const IN_MASTER = 1
export const IN_DIFF = 2

/** A storage's content as flat arrays: what pack/unpack and the dump work from. */
export interface StorageImage {
  readonly labels: ReadonlyArray<string>
  readonly features: ReadonlyArray<string>
  /** Slots per feature, in feature order. */
  readonly rowLengths: Uint32Array
  /** Index into `labels`, per slot. */
  readonly slotLabels: Uint32Array
  /** IN_MASTER | IN_DIFF per slot. */
  readonly flags: Uint8Array
  readonly masterW: Float64Array
  readonly masterCov: Float64Array
  /** Empty when no slot is in the diff. */
  readonly diffW: Float64Array
  readonly diffCov: Float64Array
  readonly modelVersion: number
}

const grown = (a: Int32Array, n: number): Int32Array => {
  const b = new Int32Array(n)
  b.set(a.subarray(0, Math.min(a.length, n)))
  return b
}

export class WeightStorage extends RowArena {
  readonly labels = new LabelIds()
  /** local_storage_mixture's model_version_; kept (not reset) by clear, as Jubatus does. */
  modelVersion = 0

  // mixture bookkeeping, per feature
  private masterCount: Int32Array = new Int32Array(0)
  private diffCount: Int32Array = new Int32Array(0)
  private diffListPos: Int32Array = new Int32Array(0)
  /** Features holding at least one diff slot: the rows get_diff and put_diff visit. */
  private diffList: Array<number> = []
  private masterFeatures = 0

  constructor(readonly mixture: boolean) {
    super(mixture)
  }

  /** `num_features`: features of the master table (all features in standalone mode). */
  get numFeatures(): number {
    return this.mixture ? this.masterFeatures : this.featureIdOf.size
  }

  /** `num_features_diff`: features with pending (un-mixed) changes. */
  get numFeaturesDiff(): number {
    return this.diffList.length
  }

  /** The stored weight of a slot (master + diff). */
  weightAt(slot: number): number {
    return this.mixture ? this.w[slot] + this.dw[slot] : this.w[slot]
  }

  /** The stored covariance of a slot (master + diff); an absent slot means 1 to the algorithms. */
  covAt(slot: number): number {
    return this.mixture ? this.cov[slot] + this.dcov[slot] : this.cov[slot]
  }

  /**
   * Sets (weight, covariance) of (feature, label) (storage set2). In mixture mode this writes
   * `value − master` to the diff and, like Jubatus, creates a zero master entry when there was none.
   */
  set2(fid: number, labelId: number, weight: number, covariance: number): void {
    let s = this.findSlot(fid, labelId)
    if (s < 0) s = this.appendSlot(fid, labelId)
    if (!this.mixture) {
      this.w[s] = weight
      this.cov[s] = covariance
      return
    }
    this.markMaster(fid, s)
    this.dw[s] = weight - this.w[s]
    this.dcov[s] = covariance - this.cov[s]
    this.markDiff(fid, s)
  }

  /** Adds to the weight of (feature, label) (the per-feature step of storage bulk_update). */
  addWeight(fid: number, labelId: number, delta: number): void {
    let s = this.findSlot(fid, labelId)
    if (s < 0) s = this.appendSlot(fid, labelId)
    if (!this.mixture) {
      this.w[s] += delta
      return
    }
    this.dw[s] += delta
    this.markDiff(fid, s)
  }

  /**
   * Adds Σ_f w[f, label]·x_f to `scores[labelId]` for every label (storage inp). `scores` must hold
   * `labels.idLimit` entries. Features are visited in the given order, as Jubatus does.
   */
  accumulateScores(keys: ReadonlyArray<string>, values: ReadonlyArray<number>, scores: Float64Array): void {
    const ids = this.featureIdOf
    const rowStart = this.rowStart
    const rowLen = this.rowLen
    const lab = this.slotLabel
    const w = this.w
    const n = keys.length
    if (this.mixture) {
      const dw = this.dw
      for (let i = 0; i < n; i++) {
        const fid = ids.get(keys[i])
        if (fid === undefined) continue
        const x = values[i]
        const start = rowStart[fid]
        const end = start + rowLen[fid]
        for (let s = start; s < end; s++) scores[lab[s]] += (w[s] + dw[s]) * x
      }
    } else {
      for (let i = 0; i < n; i++) {
        const fid = ids.get(keys[i])
        if (fid === undefined) continue
        const x = values[i]
        const start = rowStart[fid]
        const end = start + rowLen[fid]
        for (let s = start; s < end; s++) scores[lab[s]] += w[s] * x
      }
    }
  }

  /** `accumulateScores` over features already looked up (`fids[i]` < 0: unknown feature). */
  accumulateScoresById(fids: Int32Array, values: ReadonlyArray<number>, n: number, scores: Float64Array): void {
    const rowStart = this.rowStart
    const rowLen = this.rowLen
    const lab = this.slotLabel
    const w = this.w
    const dw = this.dw
    const mixture = this.mixture
    for (let i = 0; i < n; i++) {
      const fid = fids[i]
      if (fid < 0) continue
      const x = values[i]
      const start = rowStart[fid]
      const end = start + rowLen[fid]
      if (mixture) for (let s = start; s < end; s++) scores[lab[s]] += (w[s] + dw[s]) * x
      else for (let s = start; s < end; s++) scores[lab[s]] += w[s] * x
    }
  }

  /** Removes a label and its weights everywhere; false when unknown (storage delete_label). */
  deleteLabel(label: string): boolean {
    const id = this.labels.remove(label)
    if (id < 0) return false
    for (let fid = 0; fid < this.featureNames.length; fid++) {
      if (this.featureNames[fid] === undefined) continue
      const s = this.findSlot(fid, id)
      if (s >= 0) this.removeSlot(fid, s)
    }
    return true
  }

  /** Forgets every weight and label; the model version stays (local_storage_mixture::clear). */
  clear(): void {
    this.labels.clear()
    this.resetArena()
    this.diffList = []
    this.masterFeatures = 0
  }

  /** Features with pending changes; iterate their slots with `flags & IN_DIFF`. */
  diffFeatureIds(): ReadonlyArray<number> {
    return this.diffList
  }

  /** master[feature, label] += (dw, dcov), registering feature and label (set_average_and_clear_diff). */
  addToMaster(feature: string, label: string, dw: number, dcov: number): void {
    const fid = this.ensureFeature(feature)
    const lid = this.labels.intern(label)
    let s = this.findSlot(fid, lid)
    if (s < 0) s = this.appendSlot(fid, lid)
    if (this.mixture) this.markMaster(fid, s)
    this.w[s] += dw
    this.cov[s] += dcov
  }

  /** Empties the pending diff; slots present only in the diff disappear. */
  clearDiff(): void {
    if (!this.mixture) return
    const list = this.diffList
    this.diffList = []
    for (const fid of list) {
      this.diffListPos[fid] = -1
      this.diffCount[fid] = 0
      let s = this.rowStart[fid]
      while (s < this.rowStart[fid] + this.rowLen[fid]) {
        const f = this.flags[s]
        this.flags[s] = f & IN_MASTER
        this.dw[s] = 0
        this.dcov[s] = 0
        if (f === IN_DIFF) {
          this.removeSlot(fid, s)
          if (this.featureNames[fid] === undefined) break
          continue // the row's last slot moved into s
        }
        s++
      }
    }
  }

  /** The content as flat arrays, labels renumbered densely in their order. */
  toImage(): StorageImage {
    const labels = this.labels.labels()
    const dense = new Int32Array(this.labels.idLimit)
    for (let i = 0; i < this.labels.live.length; i++) dense[this.labels.live[i]] = i
    const features: Array<string> = []
    const rowLengths = new Uint32Array(this.featureIdOf.size)
    const n = this.slotCount
    const slotLabels = new Uint32Array(n)
    const flags = new Uint8Array(n)
    const masterW = new Float64Array(n)
    const masterCov = new Float64Array(n)
    const diffW = new Float64Array(this.mixture ? n : 0)
    const diffCov = new Float64Array(this.mixture ? n : 0)
    let k = 0
    for (let fid = 0; fid < this.featureNames.length; fid++) {
      const name = this.featureNames[fid]
      if (name === undefined) continue
      rowLengths[features.length] = this.rowLen[fid]
      features.push(name)
      const start = this.rowStart[fid]
      const end = start + this.rowLen[fid]
      for (let s = start; s < end; s++, k++) {
        slotLabels[k] = dense[this.slotLabel[s]]
        masterW[k] = this.w[s]
        masterCov[k] = this.cov[s]
        if (this.mixture) {
          flags[k] = this.flags[s]
          diffW[k] = this.dw[s]
          diffCov[k] = this.dcov[s]
        } else {
          flags[k] = IN_MASTER
        }
      }
    }
    return { labels, features, rowLengths, slotLabels, flags, masterW, masterCov, diffW, diffCov, modelVersion: this.modelVersion }
  }

  /**
   * Builds a storage from a validated image. A standalone storage keeps only the master entries
   * (local_storage ignores the packed diff table), a mixture storage keeps both.
   */
  static fromImage(image: StorageImage, mixture: boolean): WeightStorage {
    const st = new WeightStorage(mixture)
    for (const label of image.labels) st.labels.intern(label)
    st.modelVersion = image.modelVersion
    const hasDiff = image.diffW.length > 0
    st.reserveSlots(image.slotLabels.length)
    let k = 0
    for (let i = 0; i < image.features.length; i++) {
      const n = image.rowLengths[i]
      let fid = -1
      for (let j = 0; j < n; j++, k++) {
        const f = image.flags[k]
        if (!mixture && !(f & IN_MASTER)) continue
        if (fid < 0) {
          fid = st.ensureFeature(image.features[i])
          st.ensureRowCapacity(fid, n)
        }
        const s = st.appendSlot(fid, image.slotLabels[k])
        if (!mixture) {
          st.w[s] = image.masterW[k]
          st.cov[s] = image.masterCov[k]
          continue
        }
        if (f & IN_MASTER) {
          st.markMaster(fid, s)
          st.w[s] = image.masterW[k]
          st.cov[s] = image.masterCov[k]
        }
        if (f & IN_DIFF) {
          st.dw[s] = hasDiff ? image.diffW[k] : 0
          st.dcov[s] = hasDiff ? image.diffCov[k] : 0
          st.markDiff(fid, s)
        }
      }
    }
    return st
  }

  // --- mixture bookkeeping --------------------------------------------------------------------

  private markMaster(fid: number, s: number): void {
    const f = this.flags[s]
    if (f & IN_MASTER) return
    this.flags[s] = f | IN_MASTER
    this.w[s] = 0
    this.cov[s] = 0
    if (this.masterCount[fid]++ === 0) this.masterFeatures++
  }

  private markDiff(fid: number, s: number): void {
    const f = this.flags[s]
    if (f & IN_DIFF) return
    this.flags[s] = f | IN_DIFF
    if (this.diffCount[fid]++ === 0) {
      this.diffListPos[fid] = this.diffList.length
      this.diffList.push(fid)
    }
  }

  protected override maxRowLength(): number {
    return this.labels.size
  }

  protected override growFeatureColumns(cap: number): void {
    if (!this.mixture) return
    this.masterCount = grown(this.masterCount, cap)
    this.diffCount = grown(this.diffCount, cap)
    this.diffListPos = grown(this.diffListPos, cap)
  }

  protected override initFeature(fid: number): void {
    if (!this.mixture) return
    this.masterCount[fid] = 0
    this.diffCount[fid] = 0
    this.diffListPos[fid] = -1
  }

  protected override beforeRemoveSlot(fid: number, s: number): void {
    if (!this.mixture) return
    const f = this.flags[s]
    if (f & IN_MASTER && --this.masterCount[fid] === 0) this.masterFeatures--
    if (f & IN_DIFF && --this.diffCount[fid] === 0) this.unlistDiff(fid)
  }

  protected override beforeFreeFeature(fid: number): void {
    if (this.mixture) this.unlistDiff(fid)
  }

  private unlistDiff(fid: number): void {
    const at = this.diffListPos[fid]
    if (at < 0) return
    const moved = this.diffList.pop()!
    if (moved !== fid) {
      this.diffList[at] = moved
      this.diffListPos[moved] = at
    }
    this.diffListPos[fid] = -1
  }
}
