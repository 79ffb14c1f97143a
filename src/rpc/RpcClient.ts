// The MessagePack-RPC client as an Effect service: calls members by address through a connection pool
// that lives as long as the layer's scope (proxies, the mixer, jubactl).
import { Context, Effect, Layer } from "effect"
import type { ParamsWriter, RawResponse } from "./ClientConnection.ts"
import { ConnectionPool, type PoolOptions } from "./ConnectionPool.ts"
import type { RpcError } from "./RpcError.ts"

export class RpcClient extends Context.Service<
  RpcClient,
  {
    readonly call: (
      host: string,
      port: number,
      method: string,
      writeParams: ParamsWriter,
      timeoutMs: number
    ) => Effect.Effect<RawResponse, RpcError>
    /** The pool itself, for hot paths that stay in plain promises. */
    readonly pool: ConnectionPool
  }
>()("juba/rpc/RpcClient") {
  static readonly layer = (options: PoolOptions): Layer.Layer<RpcClient> =>
    Layer.effect(
      RpcClient,
      Effect.gen(function* () {
        const pool = yield* Effect.acquireRelease(
          Effect.sync(() => new ConnectionPool(options)),
          (p) => Effect.sync(() => p.close())
        )
        return {
          pool,
          call: (host, port, method, writeParams, timeoutMs) =>
            Effect.tryPromise({
              try: () => pool.call(host, port, method, writeParams, timeoutMs),
              catch: (e) => e as RpcError
            })
        }
      })
    )
}
