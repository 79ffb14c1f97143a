// A server in distributed mode (-z/-n), in Jubatus's start-up order (server_helper.hpp): connect to
// ZooKeeper, create the cluster's znodes, hold the config read lock, read the config, build the model,
// listen, start the mixer, register membership, and watch the own membership node. Each step is a scoped
// resource, so a stop releases them in reverse: leave membership first (proxies stop routing here at
// once), then stop mixing, then close the listener and finally the ZooKeeper session.
import { Cause, Context, Effect, Layer, Option } from "effect"
import * as fs from "node:fs"
import type { ServerOptions } from "../../../cmd/options/serverOptions.ts"
import { Coordinator } from "../../coord/Coordinator.ts"
import { newSessionRecord, rejoinAfterExpiry } from "../../coord/rejoinAfterExpiry.ts"
import { nodesPath } from "../../coord/ZkLayout.ts"
import type { EngineDefinition } from "../../engine/Engine.ts"
import { makeMixer } from "../../mix/Mixer.ts"
import { runUntilSignalled } from "../../platform/lifecycle.ts"
import { configureLog, log, logCallFailure, useLogDir } from "../../platform/log.ts"
import { advertisedIp, bindAddress } from "../../platform/network.ts"
import { RpcClient } from "../../rpc/RpcClient.ts"
import { RpcServer } from "../../rpc/RpcServer.ts"
import { messageOf } from "../../platform/errorMessage.ts"
import { listenOptions } from "../listenOptions.ts"
import { ProcessMetrics } from "../../metrics/Metrics.ts"
import { serveHttpEndpoint } from "../../metrics/serveHttpEndpoint.ts"
import { sampleServer } from "../../metrics/serverMetrics.ts"
import { lifecycleLog } from "../bootLog.ts"
import { limitsStatus } from "../limitsStatus.ts"
import { parseConfigJson } from "../configJson.ts"
import { EngineServer } from "../EngineServer.ts"

/** How long a leaving member keeps serving after it left `actives` (proxies see the change by a watch). */
const LEAVE_GRACE_MS = 300


export const runDistributedServer = async (engine: EngineDefinition, o: ServerOptions, progname: string): Promise<number> => {
  configureLog({ format: o.logFormat })
  const type = engine.type
  const name = o.name ?? ""
  const ip = advertisedIp(o.listenAddr, o.listenIf)
  const self = { id: `${ip}_${o.rpcPort}`, ip, port: o.rpcPort }
  const logProblem = useLogDir(o.logdir, progname, ip, o.rpcPort)
  if (logProblem !== undefined) {
    process.stderr.write(`${logProblem}\n`)
    return 1
  }

  const program = Effect.gen(function* () {
    const coord = yield* Coordinator
    yield* coord.prepareJubatus(type, name)
    const session = newSessionRecord()
    let readLock = yield* coord.lockConfigForRead(type, name)
    yield* Effect.addFinalizer(() => readLock.release.pipe(Effect.ignore))
    const text = yield* coord.readConfig(type, name)
    const source = `/jubatus/config/${type}/${name}`
    const value = yield* Effect.try({ try: () => engine.decodeConfig(parseConfigJson(text, "<zookeeper>")), catch: (e) => e })
    if (o.configTest) {
      process.stderr.write("Configuration OK\n")
      return
    }
    const server = new EngineServer(engine, { text, value, source }, {
      id: self.id,
      ip,
      port: o.rpcPort,
      progname,
      distributed: true,
      datadir: fs.realpathSync(o.datadir),
      timeout: o.timeout,
      threadnum: o.thread,
      logdir: o.logdir,
      logConfig: o.logConfig
    })
    const rpc = yield* RpcClient
    const run = <A, E>(e: Effect.Effect<A, E>) => Effect.runPromise(e)
    const interconnectMs = o.interconnectTimeout * 1000
    server.cluster = {
      distributed: true,
      self,
      nextId: () => run(coord.createId(type, name)),
      chtOwners: (key, n) => run(coord.findCht(type, name, key, n)),
      call: (member, method, args) =>
        rpc.pool.call(member.ip, member.port, method, (w) => w.value([name, ...args]), interconnectMs).then((r) => r.result)
    }
    const mixer = yield* Effect.try({
      try: () =>
        makeMixer(o.mixer, type, {
          self,
          driver: () => server.driver,
          replaceModel: (p) => server.replaceModel(p),
          coordination: {
            listNodes: () => run(coord.listNodes(type, name)),
            tryMasterLock: () =>
              run(coord.tryMasterLock(type, name)).then((lock) => (Option.isSome(lock) ? () => run(lock.value.release) : undefined)),
            registerActive: () => run(coord.registerActive(type, name, ip, o.rpcPort)),
            unregisterActive: () => run(coord.unregisterActive(type, name, ip, o.rpcPort))
          },
          pool: rpc.pool,
          intervalSec: o.intervalSec,
          intervalCount: o.intervalCount,
          interconnectTimeoutMs: interconnectMs
        }),
      catch: (e) => e
    })
    for (const [signature, handler] of mixer.routes) server.route(signature, handler)
    server.onUpdate(() => mixer.updated())
    server.addStatus(() => ({
      zk: o.zookeeper ?? "",
      name,
      interval_sec: String(o.intervalSec),
      interval_count: String(o.intervalCount),
      zookeeper_timeout: String(o.zookeeperTimeout),
      interconnect_timeout: String(o.interconnectTimeout),
      connected_zookeeper: Effect.runSync(coord.connectedZookeeper),
      use_cht: engine.useCht ? "1" : "0",
      mixer: o.mixer,
      zk_session_state: session.state,
      zk_session_expirations: String(session.expirations),
      zk_reregistrations: String(session.rejoins),
      ...mixer.status()
    }))

    const metrics = new ProcessMetrics()
    sampleServer(metrics, server)
    metrics.sampleOnScrape(() => {
      metrics.gauge("juba_mix_rounds", "MIX rounds this server ran as master", mixer.mixCount)
      metrics.gauge("juba_mix_last_seconds", "Duration of this server's last MIX round as master", mixer.lastRound?.seconds ?? 0)
      metrics.gauge("juba_mix_last_diff_bytes", "Serialized diff bytes put in this server's last MIX round", mixer.lastRound?.bytes ?? 0)
      metrics.gauge("juba_mix_obsolete", "1 while the model waits for a re-sync (not in actives)", mixer.obsolete ? 1 : 0)
      metrics.gauge("juba_zookeeper_connected", "1 while the ZooKeeper session is connected", session.state === "connected" ? 1 : 0)
      metrics.gauge("juba_zookeeper_session_expirations", "ZooKeeper sessions lost since start", session.expirations)
    })
    yield* serveHttpEndpoint(o.httpPort, bindAddress(o.listenAddr, o.listenIf), metrics, () =>
      session.state !== "connected" ? `ZooKeeper session ${session.state}` : mixer.obsolete ? "not in actives yet: the model is not synced" : undefined
    )

    const listening = yield* Layer.build(
      RpcServer.serving(
        listenOptions(o),
        server.dispatcher({ onCall: o.httpPort > 0 ? (m, ok, t) => metrics.recordCall(m, ok, t) : undefined, onFailure: logCallFailure })
      )
    )
    server.addStatus(limitsStatus(o, Context.get(listening, RpcServer).stats))
    // Stopped after leaving the cluster (scopes close in reverse); started once registered, because
    // the master lock's znode comes with the membership.
    yield* Effect.addFinalizer(() => Effect.promise(() => mixer.stop()))
    // `actives` is the mixer's to join (after get_model, or alone): joining here as well raced with it,
    // and the loser's create failed with NODE_EXISTS, which ended the server's start-up.
    const register = Effect.gen(function* () {
      if (engine.useCht) yield* coord.registerCht(type, name, ip, o.rpcPort)
      yield* coord.registerActor(type, name, ip, o.rpcPort)
    })
    yield* Effect.acquireRelease(register, () =>
      Effect.gen(function* () {
        yield* coord.unregisterActive(type, name, ip, o.rpcPort).pipe(Effect.ignore)
        yield* coord.unregisterActor(type, name, ip, o.rpcPort).pipe(Effect.ignore)
        log.info("left the cluster")
        // Proxies learn of the departure through a watch; keep answering until they have, so the calls
        // they route meanwhile still succeed (a rolling restart costs clients nothing).
        yield* Effect.sleep(`${LEAVE_GRACE_MS} millis`)
      })
    )
    mixer.start()
    // Someone removed this server's membership node (jubactl, an operator): stop as Jubatus does. The
    // watch ends before the server leaves by itself (scopes close in reverse).
    // An expired session deletes the node too, and its notice can come before the expiry itself: wait
    // a moment and stop only if no expiry explains the deletion.
    const watchOwnNode = coord.watchDeleted(`${nodesPath(type, name)}/${self.id}`, () => {
      const expirationsSeen = session.expirations
      setTimeout(() => {
        if (session.state !== "connected" || session.expirations !== expirationsSeen) return
        log.warn("own membership node was deleted; stopping")
        process.kill(process.pid, "SIGTERM")
      }, 1500)
    })
    let unwatch = yield* watchOwnNode
    yield* Effect.addFinalizer(() => Effect.sync(() => unwatch()))
    // A lost session (expired, or ZooKeeper gone for longer than the session timeout) took this
    // server's membership, active and lock nodes with it. Jubatus stopped here; juba keeps answering the
    // calls that need no coordination, opens a new session as soon as ZooKeeper is back, takes its read
    // lock and membership again, and re-fetches the model before it rejoins `actives`, so it never
    // lingers as a member nobody can see.
    yield* rejoinAfterExpiry(
      coord,
      session,
      Effect.gen(function* () {
        mixer.markObsolete()
        yield* coord.lockConfigForRead(type, name).pipe(
          Effect.tap((lock) => Effect.sync(() => (readLock = lock))),
          Effect.catch((e) => Effect.sync(() => log.warn(`config read lock not taken again: ${messageOf(e)}`)))
        )
        yield* register
        unwatch = yield* watchOwnNode.pipe(Effect.orElseSucceed(() => () => undefined))
      })
    )
    lifecycleLog.started(progname, ip, o, "multinode mode")
    return yield* Effect.never
  })

  const layers = Layer.mergeAll(
    Coordinator.layer({ hosts: o.zookeeper ?? "", timeoutSec: o.zookeeperTimeout }),
    RpcClient.layer({ expireSec: 60, maxPerHost: 2, connectTimeoutMs: o.interconnectTimeout * 1000 })
  )
  return runUntilSignalled(
    Effect.scoped(program).pipe(Effect.provide(layers), Effect.ensuring(Effect.sync(() => log.info("server stopped")))),
    { describeFailure: (cause) => messageOf(Cause.squash(cause)) }
  )
}
