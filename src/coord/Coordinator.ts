// The Coordinator service: ZooKeeper membership, config, locks, CHT ring and global ids for
// servers, proxies, jubavisor and the CLI tools (Jubatus common/{zk,membership,cht,config}.cpp).
// The layer owns the session: closing its scope ends the session and its ephemeral nodes.
import { Context, Effect, Layer, Option, Queue, Stream } from "effect"
import type { Scope } from "effect"
import { CoordinatorError } from "./CoordinatorError.ts"
import {
  type ClusterConfig,
  CoordinatorCore,
  type CoordinatorOptions,
  type LockNode,
  type SessionState
} from "./CoordinatorCore.ts"
import { activesPath, configLockPath, masterLockPath, type Member, nodesPath, proxiesPath, SUPERVISOR_BASE_PATH } from "./ZkLayout.ts"

export type { ClusterConfig, CoordinatorOptions, Member, SessionState }

/** A lock node this process holds; `release` deletes it (a node gone with its session is fine). */
export interface ZkLock {
  readonly path: string
  readonly release: Effect.Effect<void, CoordinatorError>
}

type Op<A> = Effect.Effect<A, CoordinatorError>

export class Coordinator extends Context.Service<Coordinator, {
  /** The `-z` string this coordinator was opened with. */
  readonly hosts: string
  /** Base znodes (`prepare_jubatus`); proxies pass an empty name. */
  readonly prepareJubatus: (type: string, name: string) => Op<void>
  readonly registerActor: (type: string, name: string, ip: string, port: number) => Op<void>
  readonly unregisterActor: (type: string, name: string, ip: string, port: number) => Op<void>
  readonly registerActive: (type: string, name: string, ip: string, port: number) => Op<void>
  readonly unregisterActive: (type: string, name: string, ip: string, port: number) => Op<void>
  readonly registerProxy: (type: string, ip: string, port: number) => Op<void>
  readonly registerSupervisor: (ip: string, port: number) => Op<void>
  /** Members of `…/nodes`, sorted; served from a watch-invalidated cache. */
  readonly listNodes: (type: string, name: string) => Op<ReadonlyArray<Member>>
  /** Members of `…/actives`, sorted; a cache hit costs no I/O (proxies call this per request). */
  readonly listActives: (type: string, name: string) => Op<ReadonlyArray<Member>>
  readonly listProxies: (type: string) => Op<ReadonlyArray<Member>>
  /** Cluster names of an engine type, from the cache: a proxy checks a name here before anything else. */
  readonly listClusters: (type: string) => Op<ReadonlyArray<string>>
  /** Synchronous cache reads for a proxy's every call; undefined when ZooKeeper must be asked. */
  readonly peekClusters: (type: string) => ReadonlyArray<string> | undefined
  readonly peekActives: (type: string, name: string) => ReadonlyArray<Member> | undefined
  readonly listSupervisors: Op<ReadonlyArray<Member>>
  /** `/jubatus/config/<type>/<name>` as text; ConfigNotFound when absent. */
  readonly readConfig: (type: string, name: string) => Op<string>
  /** jubaconfig write (call prepareJubatus first): config lock, refuses while servers run. */
  readonly writeConfig: (type: string, name: string, config: string) => Op<void>
  readonly deleteConfig: (type: string, name: string) => Op<void>
  readonly listConfigs: Op<ReadonlyArray<ClusterConfig>>
  /** One try on the config_lock as a reader; None when a writer came first. */
  readonly tryReadLock: (type: string, name: string) => Op<Option.Option<ZkLock>>
  /** One try on the config_lock as a writer; None when anyone came first. */
  readonly tryWriteLock: (type: string, name: string) => Op<Option.Option<ZkLock>>
  /** The server's startup read lock with Jubatus's retries; LockBusy `any user is writing config?`. */
  readonly lockConfigForRead: (type: string, name: string) => Op<ZkLock>
  /** One try on the MIX master lock. */
  readonly tryMasterLock: (type: string, name: string) => Op<Option.Option<ZkLock>>
  /** Puts the server's 8 vnodes on the cluster's CHT ring. */
  readonly registerCht: (type: string, name: string, ip: string, port: number) => Op<void>
  /** The `n` ring owners of `key` (repeats possible); NoServer `no server found: <name>` on an empty ring. */
  readonly findCht: (type: string, name: string, key: string, n: number) => Op<ReadonlyArray<Member>>
  /** Next cluster-wide id: 1, 2, 3… */
  readonly createId: (type: string, name: string) => Op<number>
  /** Calls back once when `path` is deleted; the effect's result stops the watch. */
  readonly watchDeleted: (path: string, onDeleted: (path: string) => void) => Op<() => void>
  /** Current session state, cheap enough for status pages and metrics. */
  readonly sessionState: Effect.Effect<SessionState>
  /** The current state, then every change (`expired` is the server's cue to re-register or stop). */
  readonly sessionChanges: Stream.Stream<SessionState>
  /** `ip:port` of the ZooKeeper server in use ("" while disconnected). */
  readonly connectedZookeeper: Effect.Effect<string>
  /** Replaces an expired session by a new one; registrations must then be made again. */
  readonly reconnect: Op<void>
}>()("juba/coord/Coordinator") {
  /** Connects (`cannot connect zk in N sec: <hosts>` on failure); the scope's end closes the session. */
  static readonly make = (options: CoordinatorOptions): Effect.Effect<Coordinator["Service"], CoordinatorError, Scope.Scope> =>
    Effect.map(
      Effect.acquireRelease(
        Effect.tryPromise({ try: () => CoordinatorCore.open(options), catch: CoordinatorError.fromZk }),
        (core) => Effect.promise(() => core.close())
      ),
      fromCore
    )

  static readonly layer = (options: CoordinatorOptions): Layer.Layer<Coordinator, CoordinatorError> =>
    Layer.effect(Coordinator, Coordinator.make(options))
}

const fromCore = (core: CoordinatorCore): Coordinator["Service"] => {
  const run = <A>(f: () => Promise<A>): Op<A> => Effect.tryPromise({ try: f, catch: CoordinatorError.fromZk })
  const toLock = (node: LockNode): ZkLock => ({ path: node.path, release: run(node.release) })
  const tryLock = (dir: string, mode: "read" | "write"): Op<Option.Option<ZkLock>> =>
    run(() => core.tryLock(dir, mode)).pipe(
      Effect.map((node) => (node === undefined ? Option.none() : Option.some(toLock(node))))
    )
  // A cache hit answers without touching a promise: proxies ask on every request.
  const members = (dir: string): Op<ReadonlyArray<Member>> => {
    const hit = core.peekMembers(dir)
    return hit !== undefined ? Effect.succeed(hit) : run(() => core.listMembers(dir))
  }
  return {
    hosts: core.options.hosts,
    prepareJubatus: (type, name) => run(() => core.prepareJubatus(type, name)),
    registerActor: (type, name, ip, port) => run(() => core.registerActor(type, name, ip, port)),
    unregisterActor: (type, name, ip, port) => run(() => core.unregisterActor(type, name, ip, port)),
    registerActive: (type, name, ip, port) => run(() => core.registerActive(type, name, ip, port)),
    unregisterActive: (type, name, ip, port) => run(() => core.unregisterActive(type, name, ip, port)),
    registerProxy: (type, ip, port) => run(() => core.registerProxy(type, ip, port)),
    registerSupervisor: (ip, port) => run(() => core.registerSupervisor(ip, port)),
    listNodes: (type, name) => Effect.suspend(() => members(nodesPath(type, name))),
    listActives: (type, name) => Effect.suspend(() => members(activesPath(type, name))),
    listProxies: (type) => Effect.suspend(() => members(proxiesPath(type))),
    peekClusters: (type) => core.peekClusters(type),
    peekActives: (type, name) => core.peekMembers(activesPath(type, name)),
    listClusters: (type) =>
      Effect.suspend(() => {
        const hit = core.peekClusters(type)
        return hit !== undefined ? Effect.succeed(hit) : run(() => core.listClusters(type))
      }),
    listSupervisors: Effect.suspend(() => members(SUPERVISOR_BASE_PATH)),
    readConfig: (type, name) => run(() => core.readConfig(type, name)),
    writeConfig: (type, name, config) => run(() => core.writeConfig(type, name, config)),
    deleteConfig: (type, name) => run(() => core.deleteConfig(type, name)),
    listConfigs: run(() => core.listConfigs()),
    tryReadLock: (type, name) => tryLock(configLockPath(type, name), "read"),
    tryWriteLock: (type, name) => tryLock(configLockPath(type, name), "write"),
    lockConfigForRead: (type, name) => run(() => core.lockConfig(type, name, "read")).pipe(Effect.map(toLock)),
    tryMasterLock: (type, name) => tryLock(masterLockPath(type, name), "write"),
    registerCht: (type, name, ip, port) => run(() => core.registerCht(type, name, ip, port)),
    findCht: (type, name, key, n) =>
      Effect.suspend(() => {
        const hit = core.peekCht(type, name, key, n)
        return hit !== undefined ? Effect.succeed(hit) : run(() => core.findCht(type, name, key, n))
      }),
    createId: (type, name) => run(() => core.createId(type, name)),
    watchDeleted: (path, onDeleted) => run(() => core.watchDeleted(path, onDeleted)),
    sessionState: Effect.sync(() => core.state),
    sessionChanges: Stream.callback<SessionState>((queue) =>
      Effect.acquireRelease(
        Effect.sync(() => {
          Queue.offerUnsafe(queue, core.state)
          return core.onStateChange((state) => {
            Queue.offerUnsafe(queue, state)
          })
        }),
        (unsubscribe) => Effect.sync(unsubscribe)
      )
    ),
    connectedZookeeper: Effect.sync(() => core.connectedZookeeper()),
    reconnect: run(() => core.reconnect())
  }
}
