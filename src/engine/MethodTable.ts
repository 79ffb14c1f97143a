// An engine's RPC surface, declared once (the role of jubatus/server/server/<type>.idl). The generic
// server dispatches on it, the generic proxy routes and aggregates with it, and the typed client in
// mod.ts derives its methods from it.
import type { ClusterAccess } from "./ClusterAccess.ts"
import type { Driver } from "./Driver.ts"
import type { TypeOf, WireType } from "./WireType.ts"

/** Which members a proxy forwards a call to (IDL `#@random`, `#@broadcast`, `#@cht(n)`). */
export type Routing =
  | { readonly kind: "random" }
  | { readonly kind: "broadcast" }
  | { readonly kind: "cht"; readonly replicas: number }
  /** Server-to-server only (MIX, `#@internal`): the proxy answers NO_METHOD. */
  | { readonly kind: "internal" }
  /** Answered by the proxy itself (`get_proxy_status`); servers answer NO_METHOD. */
  | { readonly kind: "proxy" }

export const random: Routing = { kind: "random" }
export const broadcast: Routing = { kind: "broadcast" }
export const internal: Routing = { kind: "internal" }
export const cht = (replicas = 2): Routing => ({ kind: "cht", replicas })

/** `update` takes the model write lock and counts as one update; `analysis` reads; `nolock` is the engine's business. */
export type Lock = "update" | "analysis" | "nolock"

/** How a broadcast's results become one (IDL `#@pass`, `#@all_and`, …). */
export type Aggregator = "pass" | "allAnd" | "allOr" | "merge" | "concat" | "add"

export interface MethodSignature<Args extends ReadonlyArray<unknown> = ReadonlyArray<any>, Result = any, Name extends string = string> {
  readonly name: Name
  /** The IDL arguments after the cluster name. */
  readonly args: { readonly [I in keyof Args]: WireType<Args[I]> }
  readonly result: WireType<Result>
  readonly routing: Routing
  readonly lock: Lock
  /** Counts toward `update_count` and the MIX trigger (Jubatus's `#@update`, and nolock writers). */
  readonly updates: boolean
  readonly aggregator: Aggregator
  /** Internal methods (MIX) take no cluster name as their first parameter. */
  readonly takesName: boolean
}

/** A method the engine's driver answers by itself. */
export interface EngineMethod<
  D extends Driver,
  Args extends ReadonlyArray<unknown> = ReadonlyArray<any>,
  Result = any,
  Name extends string = string
> extends MethodSignature<Args, Result, Name> {
  /**
   * Answers the call. A result or a Promise of one; `cluster` is for the few methods that need other
   * members or global ids (anomaly `add`, graph `create_node`): everything else ignores it.
   */
  readonly run: (driver: D, args: Args, cluster: ClusterAccess) => Result | Promise<Result>
}

export type ArgsOf<T> = { -readonly [I in keyof T]: TypeOf<T[I]> }

/** Declares an engine method with its argument types inferred from the wire types. */
export const engineMethod =
  <D extends Driver>() =>
  <const N extends string, const A extends ReadonlyArray<WireType<any>>, R>(spec: {
    readonly name: N
    readonly args: A
    readonly result: WireType<R>
    readonly routing: Routing
    readonly lock: Lock
    readonly updates?: boolean
    readonly aggregator?: Aggregator
    readonly takesName?: boolean
    readonly run: (driver: D, args: ArgsOf<A>, cluster: ClusterAccess) => R | Promise<R>
  }): EngineMethod<D, ArgsOf<A>, R, N> => ({
    updates: spec.lock === "update",
    aggregator: "pass",
    takesName: true,
    ...spec
  }) as unknown as EngineMethod<D, ArgsOf<A>, R, N>

export type MethodTable<D extends Driver> = ReadonlyArray<EngineMethod<D, any, any, string>>
