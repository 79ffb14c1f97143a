// The label → small-integer table of the weight storage (jubatus_core common/key_manager as the
// storage's class2id_). Ids are never reused, so ascending id order is insertion order: the order in
// which classify reports labels.

export class LabelIds {
  private readonly idOf = new Map<string, number>()
  /** id → label; `undefined` once deleted. */
  private names: Array<string | undefined> = []
  /** Live ids, ascending (= insertion order). */
  live: Array<number> = []

  get size(): number {
    return this.live.length
  }

  /** One past the largest id ever handed out: the length a per-label scratch array needs. */
  get idLimit(): number {
    return this.names.length
  }

  id(label: string): number {
    const id = this.idOf.get(label)
    return id === undefined ? -1 : id
  }

  name(id: number): string {
    return this.names[id]!
  }

  /** The id of `label`, registering it when new (key_manager::get_id). */
  intern(label: string): number {
    const id = this.idOf.get(label)
    if (id !== undefined) return id
    const fresh = this.names.length
    this.names.push(label)
    this.idOf.set(label, fresh)
    this.live.push(fresh)
    return fresh
  }

  /** Registers `label`; false when it was already known (key_manager::set_key). */
  add(label: string): boolean {
    if (this.idOf.has(label)) return false
    this.intern(label)
    return true
  }

  /** Forgets `label`; returns its former id, or -1 when unknown. */
  remove(label: string): number {
    const id = this.idOf.get(label)
    if (id === undefined) return -1
    this.idOf.delete(label)
    this.names[id] = undefined
    const at = this.live.indexOf(id)
    this.live.splice(at, 1)
    return id
  }

  clear(): void {
    this.idOf.clear()
    this.names = []
    this.live = []
  }

  /** Live labels in order. */
  labels(): Array<string> {
    const out = new Array<string>(this.live.length)
    for (let i = 0; i < this.live.length; i++) out[i] = this.names[this.live[i]]!
    return out
  }
}
