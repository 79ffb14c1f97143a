// Bounds how many labels a classifier keeps (jubatus_core unlearner/unlearner_base): the classifier
// tells it which labels it updates; past `max_size` it evicts one through `onUnlearn`.
import type { UnlearnerConfig } from "../ClassifierConfig.ts"
import { LruUnlearner } from "./LruUnlearner.ts"
import { RandomUnlearner } from "./RandomUnlearner.ts"

export interface Unlearner {
  /** False when `id` is new and no room can be made for it (every kept id is sticky). */
  readonly canTouch: (id: string) => boolean
  /** Marks `id` as used, evicting another id when full; false when nothing could be evicted. */
  readonly touch: (id: string) => boolean
  /** Forgets `id` (deleted from the model); false when it was not kept. */
  readonly remove: (id: string) => boolean
  readonly existsInMemory: (id: string) => boolean
  readonly clear: () => void
  /** `num_unlearner_*` status keys. */
  readonly status: () => Record<string, string>
  readonly pack: () => unknown
  /** A new unlearner with this one's settings and the packed state; throws ModelFormatError. */
  readonly restore: (packed: unknown) => Unlearner
}

export const makeUnlearner = (config: UnlearnerConfig, onUnlearn: (id: string) => void): Unlearner =>
  config.kind === "lru"
    ? new LruUnlearner(config.maxSize, config.sticky, onUnlearn)
    : new RandomUnlearner(config.maxSize, config.seed, onUnlearn)
