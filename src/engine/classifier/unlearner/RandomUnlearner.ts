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

  /** `[ids]`: the positions are rebuilt from the order. */
  pack = (): unknown => [[...this.ids]]

  restore = (packed: unknown): Unlearner => {
    const ids = Array.isArray(packed) && packed.length === 1 ? packed[0] : undefined
    if (!Array.isArray(ids) || !ids.every((e) => typeof e === "string") || new Set(ids).size !== ids.length) {
      throw new ModelFormatError("random unlearner: expected [list of distinct labels]")
    }
    const next = new RandomUnlearner(this.maxSize, this.seed, this.onUnlearn)
    next.ids = [...(ids as Array<string>)]
    next.ids.forEach((id, i) => next.position.set(id, i))
    return next
  }
}
