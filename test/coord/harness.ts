// Helpers for the coord tests: a Coordinator held open across awaits (each one stands for a
// separate Jubatus process) and a way to run its effects as promises.
import { Effect, Exit, Scope } from "effect"
import { Coordinator } from "../../src/coord/Coordinator.ts"
import type { CoordinatorOptions } from "../../src/coord/CoordinatorCore.ts"
import type { CoordinatorError } from "../../src/coord/CoordinatorError.ts"

export interface OpenCoordinator {
  readonly coord: Coordinator["Service"]
  /** Closes the scope, hence the session: the process "exits". */
  readonly close: () => Promise<void>
}

export const openCoordinator = async (options: CoordinatorOptions): Promise<OpenCoordinator> => {
  const scope = Effect.runSync(Scope.make())
  const coord = await Effect.runPromise(Scope.provide(scope)(Coordinator.make(options)))
  return { coord, close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
}

export const run = <A>(effect: Effect.Effect<A, CoordinatorError>): Promise<A> => Effect.runPromise(effect)

/** Runs an effect expected to fail and returns its CoordinatorError. */
export const failure = async <A>(effect: Effect.Effect<A, CoordinatorError>): Promise<CoordinatorError> =>
  Effect.runPromise(Effect.flip(effect))

/** Polls `probe` until it returns true or `timeoutMs` passes; returns the last answer. */
export const eventually = async (probe: () => Promise<boolean> | boolean, timeoutMs = 3000): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await probe()) return true
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
