// One jubavisor's life as a scoped Effect (jubavisor/main.cpp and the jubavisor constructor): a
// Supervisor whose release stops every child, the RPC listener, then the ephemeral
// `/jubatus/supervisors/<ip>_<port>` registration. It then waits for the ZooKeeper session to expire,
// which stops the children (the scope closes) and fails with SessionLost. Closing the scope from
// outside (SIGTERM) releases in reverse: stop listening, stop the children.
import { Data, Effect, Layer, Scope, Stream } from "effect"
import { Coordinator } from "../coord/Coordinator.ts"
import type { CoordinatorError } from "../coord/CoordinatorError.ts"
import { log, logCallFailure } from "../platform/log.ts"
import { VERSION } from "../platform/version.ts"
import { RpcServer, type RpcServerError } from "../rpc/RpcServer.ts"
import type { SelfLauncher } from "./selfLauncher.ts"
import { Supervisor } from "./Supervisor.ts"
import { visorDispatcher } from "./visorMethods.ts"

/** Jubatus hard-codes it: idle RPC sessions of jubactl live this long. */
const RPC_TIMEOUT_SEC = 10240

export class VisorError extends Data.TaggedError("VisorError")<{
  readonly reason: "SessionLost" | "NameTaken"
  readonly message: string
}> {}

export interface VisorConfig {
  /** The advertised address: the znode is `<ip>_<rpcPort>`. */
  readonly ip: string
  readonly rpcPort: number
  /** Bind address of the listener (Jubatus: every interface). */
  readonly host?: string
  readonly zookeeper: string
  readonly maxChildren: number
  readonly launcher: SelfLauncher
  readonly childEnv?: Readonly<Record<string, string | undefined>>
  readonly childStderr?: "inherit" | "ignore" | number
  readonly stopGraceMs?: number
  readonly maxMessageSize: number
  /** Called once listening and registered (the daemon's readiness word). */
  readonly onReady?: (supervisor: Supervisor) => void
}


export const serveVisor = (config: VisorConfig): Effect.Effect<never, VisorError | CoordinatorError | RpcServerError, Coordinator | Scope.Scope> =>
  Effect.gen(function* () {
    const coord = yield* Coordinator
    const supervisor = yield* Effect.acquireRelease(
      Effect.sync(
        () =>
          new Supervisor({
            zookeeper: config.zookeeper,
            basePort: config.rpcPort,
            maxChildren: config.maxChildren,
            launcher: config.launcher,
            env: config.childEnv,
            childStderr: config.childStderr,
            stopGraceMs: config.stopGraceMs
          })
      ),
      (s) =>
        Effect.promise(async () => {
          const running = s.list().length
          await s.stopAll()
          if (running > 0) log.info(`stopped ${running} server(s)`)
        })
    )
    yield* Layer.build(
      RpcServer.serving(
        { host: config.host ?? "0.0.0.0", port: config.rpcPort, timeoutSec: RPC_TIMEOUT_SEC, maxMessageSize: config.maxMessageSize, maxConnections: 1024 },
        visorDispatcher(supervisor, logCallFailure)
      )
    )
    const id = `${config.ip}_${config.rpcPort}`
    yield* coord.registerSupervisor(config.ip, config.rpcPort).pipe(
      Effect.mapError((e) =>
        e.reason === "NodeExists"
          ? new VisorError({ reason: "NameTaken", message: `cannot register jubavisor "${id}": another jubavisor holds that name in ZooKeeper` })
          : e
      )
    )
    log.info(
      `starting jubavisor ${VERSION} RPC server at ${config.ip}:${config.rpcPort}\n` +
        `    pid                  : ${process.pid}\n` +
        `    zookeeper            : ${config.zookeeper}\n` +
        `    ports for servers    : ${config.rpcPort + 1}-${config.rpcPort + config.maxChildren}`
    )
    config.onReady?.(supervisor)
    yield* coord.sessionChanges.pipe(Stream.filter((state) => state === "expired"), Stream.runHead)
    log.error("lost the ZooKeeper session: stopping every server")
    return yield* Effect.fail(new VisorError({ reason: "SessionLost", message: "lost the ZooKeeper session: stopped every server" }))
  })
