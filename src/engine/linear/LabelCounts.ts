// How many examples each label was trained with (jubatus_core storage/labels): a master table, the
// increments since the last MIX, and a version. `get_labels` answers from it, and it is the second
// linear mixable of the classifier.

export class LabelCounts {
  private master = new Map<string, number>()
  private diff = new Map<string, number>()
  version = 0

  /** Registers a label with count 0; false when it is already known (labels::add). */
  add(label: string): boolean {
    if (this.master.has(label) || this.diff.has(label)) return false
    this.diff.set(label, 0)
    return true
  }

  increment(label: string): void {
    this.diff.set(label, (this.diff.get(label) ?? 0) + 1)
  }

  /** Forgets a label; false when it was unknown. */
  erase(label: string): boolean {
    const inDiff = this.diff.delete(label)
    const inMaster = this.master.delete(label)
    return inDiff || inMaster
  }

  has(label: string): boolean {
    return this.master.has(label) || this.diff.has(label)
  }

  /** label → master + pending count, in first-seen order. */
  counts(): Map<string, number> {
    const out = new Map(this.master)
    for (const [label, n] of this.diff) out.set(label, (out.get(label) ?? 0) + n)
    return out
  }

  /** The version survives clear, as in Jubatus. */
  clear(): void {
    this.master = new Map()
    this.diff = new Map()
  }

  pendingDiff(): ReadonlyMap<string, number> {
    return this.diff
  }

  /** master += mixed; the local diff is dropped; always succeeds (labels::put_diff). */
  putDiff(mixed: ReadonlyMap<string, number>): boolean {
    for (const [label, n] of mixed) this.master.set(label, (this.master.get(label) ?? 0) + n)
    this.diff = new Map()
    this.version++
    return true
  }

  /** The tables for packing: `[master, diff, version]`. */
  snapshot(): { master: ReadonlyMap<string, number>; diff: ReadonlyMap<string, number>; version: number } {
    return { master: this.master, diff: this.diff, version: this.version }
  }

  static restore(master: Map<string, number>, diff: Map<string, number>, version: number): LabelCounts {
    const labels = new LabelCounts()
    labels.master = master
    labels.diff = diff
    labels.version = version
    return labels
  }
}
