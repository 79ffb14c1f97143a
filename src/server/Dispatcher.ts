// Turns method signatures plus handlers into the RPC dispatcher: argument checking with the wire types
// (a mismatch is Jubatus's ARGUMENT_ERROR `std::bad_cast`), the cluster-name convention, unknown methods
// (NO_METHOD with the method name), and results encoded with the declared result type.
import type { MethodSignature } from "../engine/MethodTable.ts"
import { Invalid } from "../engine/WireType.ts"
import { Outcome, type RequestFrame, type RpcDispatcher } from "../rpc/Protocol.ts"

/** Receives the checked IDL arguments (without the cluster name). */
export type Handler = (args: Array<unknown>, frame: RequestFrame) => unknown | Promise<unknown>

export interface Route {
  readonly signature: MethodSignature
  readonly handler: Handler
}

export interface DispatchHooks {
  /**
   * Called after an update method ran, whether it succeeded or failed (update_count, the MIX
   * trigger): Jubatus counts an update when it takes the write lock, before the call runs.
   */
  readonly onUpdate?: (method: string) => void
  /** Called with the outcome of each call (metrics). */
  readonly onCall?: (method: string, ok: boolean, startedAt: number) => void
  /** A handler's exception, for the log. */
  readonly onFailure?: (method: string, error: unknown) => void
}

/** Checks params against a signature in place; returns the IDL arguments or Invalid. */
export const checkParams = (signature: MethodSignature, params: ReadonlyArray<unknown>): Array<unknown> | typeof Invalid => {
  const offset = signature.takesName ? 1 : 0
  const types = signature.args
  if (params.length < offset + types.length) return Invalid
  if (offset === 1 && typeof params[0] !== "string" && !(params[0] instanceof Uint8Array)) return Invalid
  const args = new Array(types.length)
  for (let i = 0; i < types.length; i++) {
    const c = types[i].check(params[offset + i])
    if (c === Invalid) return Invalid
    args[i] = c
  }
  return args
}

export const makeDispatcher = (routes: ReadonlyMap<string, Route>, hooks: DispatchHooks = {}): RpcDispatcher => ({
  dispatch: (method, params, frame) => {
    const route = routes.get(method)
    if (route === undefined) return Outcome.noMethod(method)
    const { signature, handler } = route
    const args = checkParams(signature, params)
    if (args === Invalid) return Outcome.argumentError()
    const startedAt = hooks.onCall !== undefined ? performance.now() : 0
    const succeed = (value: unknown): Outcome => {
      if (signature.updates) hooks.onUpdate?.(method)
      hooks.onCall?.(method, true, startedAt)
      return Outcome.result(value, signature.result.write)
    }
    const fail = (e: unknown): Outcome => {
      if (signature.updates) hooks.onUpdate?.(method)
      hooks.onCall?.(method, false, startedAt)
      hooks.onFailure?.(method, e)
      return Outcome.failure(e instanceof Error ? e.message : String(e))
    }
    try {
      const value = handler(args, frame)
      return value instanceof Promise ? value.then(succeed, fail) : succeed(value)
    } catch (e) {
      return fail(e)
    }
  }
})
