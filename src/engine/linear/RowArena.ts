// Rows of (label id, weight, covariance[, diff weight, diff covariance, presence bits]) slots, one row
// per feature, all in one shared arena of typed arrays: the memory layout under WeightStorage.
//
// A row is a contiguous block [rowStart, rowStart + rowLen) with room for rowCap slots. A full row
// moves to a larger block at the arena's end (or grows in place when it already ends the arena);
// its old block becomes garbage, reclaimed by compacting once garbage is a third of the arena. Features
// get small integer ids from a Map, reused after their row empties. No object per weight: a slot
// costs 20 bytes (37 with the diff columns), plus row slack.

const GROWTH = 1.5

const grownInt32 = (a: Int32Array, n: number): Int32Array => {
  const b = new Int32Array(n)
  b.set(a.subarray(0, Math.min(a.length, n)))
  return b
}
const grownFloat64 = (a: Float64Array, n: number): Float64Array => {
  const b = new Float64Array(n)
  b.set(a.subarray(0, Math.min(a.length, n)))
  return b
}
const grownUint8 = (a: Uint8Array, n: number): Uint8Array => {
  const b = new Uint8Array(n)
  b.set(a.subarray(0, Math.min(a.length, n)))
  return b
}

export class RowArena {
  protected readonly featureIdOf = new Map<string, number>()
  protected featureNames: Array<string | undefined> = []
  private freeFeatureIds: Array<number> = []
  private featureCap = 0
  rowStart: Int32Array = new Int32Array(0)
  rowLen: Int32Array = new Int32Array(0)
  private rowCap: Int32Array = new Int32Array(0)

  private slotCap = 0
  private used = 0
  private garbage = 0
  slotLabel: Int32Array = new Int32Array(0)
  w: Float64Array = new Float64Array(0)
  cov: Float64Array = new Float64Array(0)
  /** The diff columns exist only with `withDiff`; elsewhere they stay empty. */
  dw: Float64Array = new Float64Array(0)
  dcov: Float64Array = new Float64Array(0)
  flags: Uint8Array = new Uint8Array(0)

  constructor(readonly withDiff: boolean) {}

  /** Bytes held by the typed arrays (arena capacity and per-feature columns). */
  get arenaBytes(): number {
    return (
      this.slotLabel.byteLength +
      this.w.byteLength +
      this.cov.byteLength +
      this.dw.byteLength +
      this.dcov.byteLength +
      this.flags.byteLength +
      this.rowStart.byteLength +
      this.rowLen.byteLength +
      this.rowCap.byteLength
    )
  }

  /** Live slots (not counting row slack). */
  get slotCount(): number {
    let n = 0
    for (let fid = 0; fid < this.featureNames.length; fid++) n += this.rowLen[fid]
    return n
  }

  featureId(name: string): number {
    const id = this.featureIdOf.get(name)
    return id === undefined ? -1 : id
  }

  featureName(fid: number): string {
    return this.featureNames[fid]!
  }

  /** The feature's id, creating an empty row when new. */
  ensureFeature(name: string): number {
    const known = this.featureIdOf.get(name)
    if (known !== undefined) return known
    let fid: number
    if (this.freeFeatureIds.length > 0) {
      fid = this.freeFeatureIds.pop()!
      this.featureNames[fid] = name
    } else {
      fid = this.featureNames.length
      if (fid >= this.featureCap) {
        this.featureCap = Math.max(16, Math.ceil(this.featureCap * GROWTH))
        this.rowStart = grownInt32(this.rowStart, this.featureCap)
        this.rowLen = grownInt32(this.rowLen, this.featureCap)
        this.rowCap = grownInt32(this.rowCap, this.featureCap)
        this.growFeatureColumns(this.featureCap)
      }
      this.featureNames.push(name)
    }
    this.featureIdOf.set(name, fid)
    this.rowStart[fid] = 0
    this.rowLen[fid] = 0
    this.rowCap[fid] = 0
    this.initFeature(fid)
    return fid
  }

  /** The slot of (feature, label), or -1. Slot indexes are valid until the next write. */
  findSlot(fid: number, labelId: number): number {
    const start = this.rowStart[fid]
    const end = start + this.rowLen[fid]
    const lab = this.slotLabel
    for (let s = start; s < end; s++) if (lab[s] === labelId) return s
    return -1
  }

  /** An upper bound of a row's length (the number of labels), to size rows without slack. */
  protected maxRowLength(): number {
    return Number.MAX_SAFE_INTEGER
  }

  /** Hooks for per-feature bookkeeping of subclasses. */
  protected growFeatureColumns(_cap: number): void {}
  protected initFeature(_fid: number): void {}
  /** Called before slot `s` of feature `fid` is removed. */
  protected beforeRemoveSlot(_fid: number, _s: number): void {}
  /** Called after the row of `fid` emptied, before its id is freed. */
  protected beforeFreeFeature(_fid: number): void {}

  /** Appends a zeroed slot (flags 0) for `labelId` to the row of `fid`, moving the row when full. */
  protected appendSlot(fid: number, labelId: number): number {
    const len = this.rowLen[fid]
    const cap = this.rowCap[fid]
    if (len === cap) {
      // a row holds each label at most once: never more room than there are labels
      const newCap = Math.max(len + 1, Math.min(cap + Math.max(2, cap >> 1), this.maxRowLength()))
      const start = this.rowStart[fid]
      if (cap > 0 && start + cap === this.used && start + newCap <= this.slotCap) {
        this.used = start + newCap // the row ends the arena: it grows in place
        this.rowCap[fid] = newCap
      } else {
        this.relocateRow(fid, newCap)
      }
    }
    const s = this.rowStart[fid] + len
    this.rowLen[fid] = len + 1
    this.slotLabel[s] = labelId
    this.w[s] = 0
    this.cov[s] = 0
    if (this.withDiff) {
      this.dw[s] = 0
      this.dcov[s] = 0
      this.flags[s] = 0
    }
    return s
  }

  /** Gives the row of `fid` room for `n` slots (used to load rows at their final size). */
  protected ensureRowCapacity(fid: number, n: number): void {
    if (this.rowCap[fid] < n) this.relocateRow(fid, n)
  }

  /** Moves the row of `fid` into a fresh block of `cap` slots at the arena's end. */
  private relocateRow(fid: number, cap: number): void {
    this.reserveSlots(cap)
    const from = this.rowStart[fid] // compaction may have moved it
    const to = this.used
    this.moveSlots(from, to, this.rowLen[fid])
    this.garbage += this.rowCap[fid]
    this.used += cap
    this.rowStart[fid] = to
    this.rowCap[fid] = cap
  }

  /** Removes slot `s` of the row of `fid` (the row's last slot takes its place); frees an emptied row. */
  protected removeSlot(fid: number, s: number): void {
    this.beforeRemoveSlot(fid, s)
    const last = this.rowStart[fid] + this.rowLen[fid] - 1
    if (s !== last) this.moveSlots(last, s, 1)
    this.rowLen[fid]--
    if (this.rowLen[fid] === 0) {
      this.beforeFreeFeature(fid)
      this.featureIdOf.delete(this.featureNames[fid]!)
      this.featureNames[fid] = undefined
      this.garbage += this.rowCap[fid]
      this.rowCap[fid] = 0
      this.freeFeatureIds.push(fid)
    }
  }

  /** Makes room for `n` slots beyond the current ones (compacting or growing the arena). */
  protected reserveSlots(n: number): void {
    if (this.used + n <= this.slotCap) return
    if (this.garbage > 1024 && this.garbage * 3 > this.used) this.compact()
    if (this.used + n <= this.slotCap) return
    const cap = Math.max(this.used + n, Math.ceil(this.slotCap * GROWTH), 64)
    this.slotLabel = grownInt32(this.slotLabel, cap)
    this.w = grownFloat64(this.w, cap)
    this.cov = grownFloat64(this.cov, cap)
    if (this.withDiff) {
      this.dw = grownFloat64(this.dw, cap)
      this.dcov = grownFloat64(this.dcov, cap)
      this.flags = grownUint8(this.flags, cap)
    }
    this.slotCap = cap
  }

  /** Drops every row and releases the arrays. */
  protected resetArena(): void {
    this.featureIdOf.clear()
    this.featureNames = []
    this.freeFeatureIds = []
    this.featureCap = 0
    this.rowStart = new Int32Array(0)
    this.rowLen = new Int32Array(0)
    this.rowCap = new Int32Array(0)
    this.growFeatureColumns(0)
    this.slotCap = 0
    this.used = 0
    this.garbage = 0
    this.slotLabel = new Int32Array(0)
    this.w = new Float64Array(0)
    this.cov = new Float64Array(0)
    this.dw = new Float64Array(0)
    this.dcov = new Float64Array(0)
    this.flags = new Uint8Array(0)
  }

  private moveSlots(from: number, to: number, n: number): void {
    this.slotLabel.copyWithin(to, from, from + n)
    this.w.copyWithin(to, from, from + n)
    this.cov.copyWithin(to, from, from + n)
    if (this.withDiff) {
      this.dw.copyWithin(to, from, from + n)
      this.dcov.copyWithin(to, from, from + n)
      this.flags.copyWithin(to, from, from + n)
    }
  }

  /** Copies every row, tightly packed, into fresh arrays. */
  private compact(): void {
    const live = this.used - this.garbage
    const cap = Math.max(64, Math.ceil(live * GROWTH))
    const lab = new Int32Array(cap)
    const w = new Float64Array(cap)
    const cov = new Float64Array(cap)
    const dw = this.withDiff ? new Float64Array(cap) : this.dw
    const dcov = this.withDiff ? new Float64Array(cap) : this.dcov
    const flags = this.withDiff ? new Uint8Array(cap) : this.flags
    let to = 0
    for (let fid = 0; fid < this.featureNames.length; fid++) {
      if (this.featureNames[fid] === undefined) continue
      const from = this.rowStart[fid]
      const len = this.rowLen[fid]
      lab.set(this.slotLabel.subarray(from, from + len), to)
      w.set(this.w.subarray(from, from + len), to)
      cov.set(this.cov.subarray(from, from + len), to)
      if (this.withDiff) {
        dw.set(this.dw.subarray(from, from + len), to)
        dcov.set(this.dcov.subarray(from, from + len), to)
        flags.set(this.flags.subarray(from, from + len), to)
      }
      this.rowStart[fid] = to
      this.rowCap[fid] = len
      to += len
    }
    this.slotLabel = lab
    this.w = w
    this.cov = cov
    this.dw = dw
    this.dcov = dcov
    this.flags = flags
    this.slotCap = cap
    this.used = to
    this.garbage = 0
  }
}
