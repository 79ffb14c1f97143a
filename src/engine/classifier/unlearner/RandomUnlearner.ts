// Evicts a uniformly chosen label when full (jubatus_core unlearner/random_unlearner). Without a
// configured seed the generator is seeded from the clock, as Jubatus does.
import { ModelFormatError } from "../../../common/errors.ts"
import { MersenneTwister } from "./MersenneTwister.ts"
import type { Unlearner } from "./Unlearner.ts"

export class RandomUnlearner implements Unlearner {
  private ids: Array<string> = []
  private position = new Map<string, number>()
  private readonly random: MersenneTwister

  constructor(
    private readonly maxSize: number,
    private readonly seed: number | undefined,
    private readonly onUnlearn: (id: string) => void
  ) {
    this.random = new MersenneTwister(seed ?? (Date.now() * 1000) >>> 0)
  }

  canTouch = (_id: string): boolean => true

  touch = (id: string): boolean => {
    if (this.position.has(id)) return true
    if (this.position.size < this.maxSize) {
      this.position.set(id, this.ids.length)
      this.ids.push(id)
      return true
    }
    const at = this.random.nextInt(this.position.size)
    const old = this.ids[at]
    this.onUnlearn(old)
    this.position.delete(old)
    this.ids[at] = id
    this.position.set(id, at)
    return true
  }

  remove = (id: string): boolean => {
    const at = this.position.get(id)
    if (at === undefined) return false
    this.position.delete(id)
    const last = this.ids.pop()!
    if (last !== id) {
      this.ids[at] = last
      this.position.set(last, at)
    }
    return true
  }

  existsInMemory = (id: string): boolean => this.position.has(id)

  clear = (): void => {
    this.ids = []
    this.position = new Map()
  }

  status = (): Record<string, string> => ({ num_unlearner_ids: String(this.ids.length) })

  /** `[id_map, ids]` as jubatus_core's random_unlearner packs it (id → position, and the ids in order). */
  pack = (): unknown => [new Map(this.position), [...this.ids]]

  /** Reads jubatus_core's `[id_map, ids]` and juba 0.1's `[ids]`; the positions follow the ids' order. */
  restore = (packed: unknown): Unlearner => {
    const ids = Array.isArray(packed) && (packed.length === 1 || packed.length === 2) ? packed[packed.length - 1] : undefined
    if (!Array.isArray(ids) || !ids.every((e) => typeof e === "string") || new Set(ids).size !== ids.length) {
      throw new ModelFormatError("random unlearner: expected [list of distinct labels]")
    }
    const next = new RandomUnlearner(this.maxSize, this.seed, this.onUnlearn)
    next.ids = [...(ids as Array<string>)]
    next.ids.forEach((id, i) => next.position.set(id, i))
    return next
  }
}
