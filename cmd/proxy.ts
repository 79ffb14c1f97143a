// `juba proxy --type T` / `juba<T>_proxy`: one proxy serving every cluster of its engine type
// (Jubatus's *_proxy main over framework/proxy.hpp). It listens, then registers itself under
// /jubatus/jubaproxies/<type>.
import { Cause, Effect, Layer } from "effect"
import { Coordinator } from "../src/coord/Coordinator.ts"
import type { Member } from "../src/coord/ZkLayout.ts"
import { newSessionRecord, rejoinAfterExpiry } from "../src/coord/rejoinAfterExpiry.ts"
import { engineOf, jubatusEngineTypes, unsupportedEngineMessage } from "../src/engine/registry.ts"
import { runUntilSignalled } from "../src/platform/lifecycle.ts"
import { configureLog, log } from "../src/platform/log.ts"
import { advertisedIp } from "../src/platform/network.ts"
import { epochSeconds, memoryKiB, userName } from "../src/platform/processInfo.ts"
import { VERSION } from "../src/platform/version.ts"
import { EngineProxy } from "../src/proxy/EngineProxy.ts"
import { RpcClient } from "../src/rpc/RpcClient.ts"
import { RpcServer } from "../src/rpc/RpcServer.ts"
import { messageOf } from "../src/platform/errorMessage.ts"
import { listenOptions } from "../src/server/listenOptions.ts"
import type { Command } from "./dispatch.ts"
import { fail, settleParse } from "./exit.ts"
import { parseProxyOptions, type ProxyOptions } from "./options/proxyOptions.ts"

export const runProxy = async (command: Command): Promise<number> => {
  const parsed = settleParse(
    parseProxyOptions(command.args, { progname: command.progname, type: command.type, types: jubatusEngineTypes }),
    command.progname
  )
  if (typeof parsed === "number") return parsed
  const o: ProxyOptions = parsed
  configureLog({ format: o.logFormat })
  const engine = engineOf(o.type)
  if (engine === undefined) return fail(unsupportedEngineMessage(o.type))
  const ip = advertisedIp(o.listenAddr, o.listenIf)
  const id = `${ip}_${o.rpcPort}`
  const startTime = epochSeconds()
  const sessionState = newSessionRecord()

  // Bounded, like any table keyed by what clients send; only names that had members get here.
  const lastKnown = new Map<string, { members: ReadonlyArray<Member>; seenAt: number }>()
  // Right after ZooKeeper comes back, members whose session expired are still re-registering and
  // `actives` reads empty for a moment; for as long as a session may take, the last members seen
  // still answer (a member that really died refuses the connection and the next one is tried).
  const reregisterGraceMs = o.zookeeperTimeout * 1000
  const remember = (name: string, actives: ReadonlyArray<Member>): ReadonlyArray<Member> => {
    const now = Date.now()
    if (actives.length > 0) {
      const known = lastKnown.get(name)
      if (known !== undefined && known.members === actives) known.seenAt = now
      else {
        if (lastKnown.size >= 1024 && known === undefined) lastKnown.clear()
        lastKnown.set(name, { members: actives, seenAt: now })
      }
      return actives
    }
    const known = lastKnown.get(name)
    return known !== undefined && now - known.seenAt < reregisterGraceMs ? known.members : actives
  }

  const program = Effect.gen(function* () {
    const coord = yield* Coordinator
    const rpc = yield* RpcClient
    yield* coord.prepareJubatus(engine.type, "")
    const proxy = new EngineProxy({
      type: engine.type,
      methods: engine.methods,
      pool: rpc.pool,
      timeoutMs: o.interconnectTimeout * 1000,
      directory: {
        // Names no cluster has are answered from the watched list of clusters, without asking
        // ZooKeeper: a client sending made-up names cannot load it, nor grow the proxy's caches.
        actives: (type, name) => {
          // The cache answers almost every call without running an effect.
          const clusters = coord.peekClusters(type)
          if (clusters !== undefined) {
            if (!clusters.includes(name)) return []
            const actives = coord.peekActives(type, name)
            if (actives !== undefined) return remember(name, actives)
          }
          return Effect.runPromise(
            Effect.flatMap(coord.listClusters(type), (known) => (known.includes(name) ? coord.listActives(type, name) : Effect.succeed([])))
          ).then(
            (actives) => remember(name, actives),
            (e) => {
              // ZooKeeper unreachable or the session lost: route by the last members seen rather
              // than fail calls the members can still answer.
              const last = lastKnown.get(name)
              if (last !== undefined) return last.members
              throw e
            }
          )
        },
        cht: (type, name, key, n) =>
          Effect.runPromise(
            Effect.flatMap(coord.listClusters(type), (clusters) => (clusters.includes(name) ? coord.findCht(type, name, key, n) : Effect.succeed([])))
          )
      },
      status: (counters) => {
        const mem = memoryKiB()
        const now = epochSeconds()
        return {
          [id]: {
            PROGNAME: command.progname,
            RSS: String(mem.rss),
            SHR: String(mem.shr),
            VERSION,
            VIRT: String(mem.virt),
            clock_time: String(now),
            connected_zookeeper: Effect.runSync(coord.connectedZookeeper),
            forward_count: String(counters.forwardCount),
            interconnect_timeout: String(o.interconnectTimeout),
            log_config: o.logConfig,
            logdir: o.logdir,
            pid: String(process.pid),
            request_count: String(counters.requestCount),
            retried_count: String(counters.retriedCount),
            session_pool_expire: String(o.poolExpire),
            session_pool_size: String(o.poolSize),
            start_time: String(startTime),
            threadnum: String(o.thread),
            timeout: String(o.timeout),
            uptime: String(now - startTime),
            user: userName(),
            zookeeper: o.zookeeper,
            zookeeper_timeout: String(o.zookeeperTimeout),
            zk_session_state: sessionState.state,
            zk_session_expirations: String(sessionState.expirations)
          }
        }
      }
    })
    yield* Layer.build(RpcServer.serving(listenOptions(o), proxy.dispatcher()))
    yield* coord.registerProxy(engine.type, ip, o.rpcPort)
    // Without its session the proxy can list no member and would fail every call. Jubatus's proxies
    // stopped here; juba opens a new session as soon as ZooKeeper is back and registers again.
    yield* rejoinAfterExpiry(coord, sessionState, coord.registerProxy(engine.type, ip, o.rpcPort))
    log.info(`starting ${command.progname} ${VERSION} RPC server at ${ip}:${o.rpcPort}\n    pid                  : ${process.pid}\n    zookeeper            : ${o.zookeeper}`)
    return yield* Effect.never
  })

  const layers = Layer.mergeAll(
    Coordinator.layer({ hosts: o.zookeeper, timeoutSec: o.zookeeperTimeout }),
    RpcClient.layer({ expireSec: o.poolExpire, maxPerHost: o.poolSize, connectTimeoutMs: o.interconnectTimeout * 1000 })
  )
  return runUntilSignalled(
    Effect.scoped(program).pipe(Effect.provide(layers), Effect.ensuring(Effect.sync(() => log.info("proxy stopped")))),
    {
      describeFailure: (cause) => messageOf(Cause.squash(cause))
    }
  )
}
