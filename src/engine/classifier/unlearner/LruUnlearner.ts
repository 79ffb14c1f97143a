// Evicts the least recently used label (jubatus_core unlearner/lru_unlearner). Labels matching
// `sticky_pattern` are never evicted. A Map's insertion order is the recency list: touching an id
// re-inserts it at the end, so the first key is the least recently used.
import { matchesPattern, type KeyPattern } from "../../../fv/KeyMatcher.ts"
import { ModelFormatError } from "../../../common/errors.ts"
import type { Unlearner } from "./Unlearner.ts"

export class LruUnlearner implements Unlearner {
  private lru = new Map<string, true>()
  private sticky = new Set<string>()

  constructor(
    private readonly maxSize: number,
    private readonly stickyPattern: KeyPattern | undefined,
    private readonly onUnlearn: (id: string) => void
  ) {}

  canTouch = (id: string): boolean => this.existsInMemory(id) || this.sticky.size < this.maxSize

  touch = (id: string): boolean => {
    const isSticky = this.stickyPattern !== undefined && matchesPattern(this.stickyPattern, id)
    if (isSticky) {
      if (this.sticky.has(id)) return true
    } else if (this.lru.has(id)) {
      this.lru.delete(id)
      this.lru.set(id, true)
      return true
    }
    if (this.lru.size + this.sticky.size >= this.maxSize) {
      if (this.lru.size === 0) return false
      const oldest = this.lru.keys().next().value as string
      this.onUnlearn(oldest)
      this.lru.delete(oldest)
    }
    if (isSticky) this.sticky.add(id)
    else this.lru.set(id, true)
    return true
  }

  remove = (id: string): boolean => this.lru.delete(id) || this.sticky.delete(id)

  existsInMemory = (id: string): boolean => this.lru.has(id) || this.sticky.has(id)

  clear = (): void => {
    this.lru = new Map()
    this.sticky = new Set()
  }

  status = (): Record<string, string> => ({
    num_unlearner_unlearned_ids: String(this.lru.size),
    num_unlearner_sticky_ids: String(this.sticky.size)
  })

  /** `[lru ids, most recent first, sticky ids]`, as lru_unlearner's MSGPACK_DEFINE(lru_, sticky_ids_). */
  pack = (): unknown => [[...this.lru.keys()].reverse(), [...this.sticky]]

  restore = (packed: unknown): Unlearner => {
    if (!Array.isArray(packed) || packed.length !== 2 || !isStringList(packed[0]) || !isStringList(packed[1])) {
      throw new ModelFormatError("lru unlearner: expected [list of labels, list of labels]")
    }
    const next = new LruUnlearner(this.maxSize, this.stickyPattern, this.onUnlearn)
    const recent = packed[0] as Array<string>
    for (let i = recent.length - 1; i >= 0; i--) next.lru.set(recent[i], true)
    for (const id of packed[1] as Array<string>) next.sticky.add(id)
    return next
  }
}

const isStringList = (v: unknown): boolean => Array.isArray(v) && v.every((e) => typeof e === "string")
