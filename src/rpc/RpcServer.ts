// The MessagePack-RPC server (jubatus-msgpack-rpc server + jubatus common/mprpc/rpc_server) as an
// Effect service: it listens while its scope is open, hands each request to the RpcHandler service and
// closes idle connections after `timeoutSec` (0 = never). Closing the scope stops accepting, lets the
// calls in flight finish for a short grace period, then closes every connection.
import { Context, Data, Effect, Layer } from "effect"
import * as net from "node:net"
import type { RpcDispatcher } from "./Protocol.ts"
import { ServerConnection } from "./ServerConnection.ts"

export interface RpcServerOptions {
  readonly host: string
  readonly port: number
  /** Idle seconds before a client connection is closed; 0 keeps connections forever. */
  readonly timeoutSec: number
  readonly maxMessageSize: number
  readonly maxConnections: number
  readonly maxPendingRequests?: number
  /** Bytes of answers buffered for one client before its requests stop being read (default 8 MiB). */
  readonly maxWriteBuffer?: number
  /** How long closing waits for calls in flight. */
  readonly drainMs?: number
}

export interface RpcServerStats {
  readonly connections: number
  readonly requests: number
  readonly protocolErrors: number
  readonly rejectedConnections: number
}

export class RpcServerError extends Data.TaggedError("RpcServerError")<{
  readonly reason: "ListenFailed"
  readonly message: string
}> {}

/** The dispatcher the server hands requests to (provided by the engine server or the proxy). */
export class RpcHandler extends Context.Service<RpcHandler, RpcDispatcher>()("juba/rpc/RpcHandler") {}

export class RpcServer extends Context.Service<
  RpcServer,
  {
    readonly host: string
    readonly port: number
    readonly stats: () => RpcServerStats
  }
>()("juba/rpc/RpcServer") {
  /** Listening with `dispatcher` answering: the layer with its handler provided. */
  static readonly serving = (options: RpcServerOptions, dispatcher: RpcDispatcher): Layer.Layer<RpcServer, RpcServerError> =>
    RpcServer.layer(options).pipe(Layer.provide(Layer.succeed(RpcHandler, dispatcher)))

  static readonly layer = (options: RpcServerOptions): Layer.Layer<RpcServer, RpcServerError, RpcHandler> =>
    Layer.effect(
      RpcServer,
      Effect.gen(function* () {
        const handler = yield* RpcHandler
        const listening = yield* Effect.acquireRelease(
          Effect.tryPromise({
            try: () => listen(options, handler),
            catch: (e) =>
              new RpcServerError({
                reason: "ListenFailed",
                message: `server failed to start: any process using port ${options.port}? (${e instanceof Error ? e.message : String(e)})`
              })
          }),
          (l) => Effect.promise(() => l.close(options.drainMs ?? 1000))
        )
        return { host: options.host, port: listening.port, stats: listening.stats }
      })
    )
}

interface Listening {
  readonly port: number
  readonly stats: () => RpcServerStats
  readonly close: (drainMs: number) => Promise<void>
}

/** Plain listener used by the layer; exported for embedding without Effect. */
export const listen = (options: RpcServerOptions, dispatcher: RpcDispatcher): Promise<Listening> =>
  new Promise((resolve, reject) => {
    const sockets = new Set<net.Socket>()
    const connections = new Set<ServerConnection>()
    // Idle connections are found by one sweep a second rather than a timer per socket, which the
    // runtime would re-arm on every read (that alone doubled a round trip's latency).
    const idle = new Map<ServerConnection, { readonly socket: net.Socket; lastActive: number }>()
    const sweeper =
      options.timeoutSec > 0
        ? setInterval(() => {
            const cutoff = Date.now() - options.timeoutSec * 1000
            for (const [c, a] of idle) if (a.lastActive < cutoff && c.pendingAnswers === 0) a.socket.destroy()
          }, Math.min(1000, options.timeoutSec * 1000))
        : undefined
    ;(sweeper as { unref?: () => void } | undefined)?.unref?.()
    let requests = 0
    let protocolErrors = 0
    let rejectedConnections = 0
    const limits = {
      maxMessageSize: options.maxMessageSize,
      maxPendingRequests: options.maxPendingRequests ?? 1024,
      maxWriteBuffer: options.maxWriteBuffer ?? 8 * 1024 * 1024
    }
    const server = net.createServer({ noDelay: true }, (socket) => {
      if (sockets.size >= options.maxConnections) {
        rejectedConnections++
        socket.destroy()
        return
      }
      sockets.add(socket)
      socket.setNoDelay(true)
      const connection = new ServerConnection(socket, dispatcher, limits, {
        onProtocolError: () => {
          protocolErrors++
        },
        onRequest: () => {
          requests++
        }
      })
      connections.add(connection)
      idle.set(connection, { socket, lastActive: Date.now() })
      const activity = idle.get(connection)!
      socket.on("data", (chunk: Uint8Array) => {
        activity.lastActive = Date.now()
        connection.receive(chunk)
      })
      socket.on("error", () => socket.destroy())
      socket.on("close", () => {
        connection.close()
        connections.delete(connection)
        idle.delete(connection)
        sockets.delete(socket)
      })
    })
    server.once("error", reject)
    server.listen({ host: options.host, port: options.port, exclusive: true }, () => {
      server.off("error", reject)
      server.on("error", () => undefined)
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : options.port
      resolve({
        port,
        stats: () => ({ connections: sockets.size, requests, protocolErrors, rejectedConnections }),
        close: (drainMs) =>
          new Promise<void>((done) => {
            // Stop accepting, let the calls in flight finish and their answers go out, then close.
            if (sweeper !== undefined) clearInterval(sweeper)
            server.close()
            const deadline = Date.now() + drainMs
            const poll = setInterval(() => {
              let pending = 0
              for (const c of connections) pending += c.pendingAnswers
              if (pending === 0 || Date.now() >= deadline) {
                for (const s of sockets) s.end()
                if (sockets.size === 0 || Date.now() >= deadline + 200) {
                  clearInterval(poll)
                  for (const s of sockets) s.destroy()
                  done()
                }
              }
            }, 10)
          })
      })
    })
  })
