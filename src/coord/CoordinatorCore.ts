// The Coordinator's work as plain async methods in Jubatus's terms (common/membership.cpp,
// cached_zk.cpp, cht.cpp, global_id_generator_zk.cpp, zk.cpp session handling); configs are in
// ClusterConfig.ts. The Effect service in Coordinator.ts wraps these. Throws CoordinatorError or ZkError.
import { chtPick, chtVnodeHashes } from "./Cht.ts"
import {
  type ClusterConfig,
  deleteConfig,
  listConfigs,
  lockConfig,
  type LockNode,
  type LockRetry,
  readConfig,
  tryLockNode,
  writeConfig
} from "./ClusterConfig.ts"
import { CoordinatorError } from "./CoordinatorError.ts"
import { ZkCache } from "./ZkCache.ts"
import { ZkError } from "./ZkError.ts"
import {
  ACTOR_BASE_PATH,
  activesPath,
  actorPath,
  CONFIG_BASE_PATH,
  configLockPath,
  chtPath,
  idGeneratorPath,
  JUBATUS_BASE_PATH,
  locString,
  masterLockPath,
  type Member,
  nodesPath,
  parseMember,
  PROXY_BASE_PATH,
  proxiesPath,
  SUPERVISOR_BASE_PATH
} from "./ZkLayout.ts"
import { ZkSession, type ZkState } from "./ZkSession.ts"

export type { ClusterConfig, LockNode }

/** What status pages and the server's lifecycle see of the ZooKeeper session. */
export type SessionState = "connected" | "disconnected" | "expired"

export interface CoordinatorOptions {
  /** `host:port[,host:port…]` (`-z`). */
  readonly hosts: string
  /** `-Z`/`--zookeeper_timeout`: seconds to wait for the first session, and the session timeout asked for. */
  readonly timeoutSec: number
  /** Retries of a busy config lock before giving up (Jubatus: 3). */
  readonly lockRetries?: number
  /** Pause between those retries (Jubatus: 1 s). */
  readonly lockRetryIntervalMs?: number
}

export class CoordinatorCore {
  private current: ZkSession
  private cache: ZkCache
  private stateNow: SessionState = "connected"
  private readonly listeners = new Set<(state: SessionState) => void>()
  private unbind: () => void
  private reconnecting: Promise<void> | undefined
  private closed = false
  /** Parsed member lists per cached child list, so hot paths allocate nothing on a hit. */
  private readonly memberLists = new WeakMap<ReadonlyArray<string>, ReadonlyArray<Member>>()
  private readonly members = new Map<string, Member>()
  private readonly idGenerators = new Set<string>()

  private constructor(
    readonly options: CoordinatorOptions,
    session: ZkSession
  ) {
    this.current = session
    this.cache = new ZkCache(session)
    this.unbind = this.bind(session)
  }

  static async open(options: CoordinatorOptions): Promise<CoordinatorCore> {
    return new CoordinatorCore(options, await CoordinatorCore.connect(options))
  }

  private static connect(options: CoordinatorOptions): Promise<ZkSession> {
    return ZkSession.connect({ hosts: options.hosts, sessionTimeoutMs: options.timeoutSec * 1000 })
  }

  get session(): ZkSession {
    return this.current
  }

  get state(): SessionState {
    return this.stateNow
  }

  onStateChange(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  connectedZookeeper(): string {
    return this.current.connectedServer()
  }

  /** Opens a fresh session (after an expiry, typically); the caller registers its nodes again. */
  reconnect(): Promise<void> {
    if (this.reconnecting !== undefined) return this.reconnecting
    this.reconnecting = (async () => {
      const previous = this.current
      if (previous.state !== "connected") {
        // A session this client lost touch with may live on in the server with its ephemeral
        // nodes; end it there so that registering the same `<ip>_<port>` does not meet our ghost.
        await previous.close()
        await ZkSession.terminate(this.options.hosts, previous.credentials, this.options.timeoutSec * 1000)
      }
      const next = await CoordinatorCore.connect(this.options)
      if (this.closed) {
        await next.close()
        return
      }
      this.unbind()
      this.current = next
      this.cache = new ZkCache(next)
      this.idGenerators.clear()
      this.unbind = this.bind(next)
      this.publish("connected")
      await previous.close()
    })().finally(() => {
      this.reconnecting = undefined
    })
    return this.reconnecting
  }

  async close(): Promise<void> {
    this.closed = true
    this.unbind()
    await this.current.close()
  }

  // ---- membership (membership.cpp) ----

  /** Base znodes every process creates; with a name also the cluster and its config_lock dir. */
  async prepareJubatus(type: string, name: string): Promise<void> {
    const s = this.current
    for (const path of [JUBATUS_BASE_PATH, SUPERVISOR_BASE_PATH, PROXY_BASE_PATH, ACTOR_BASE_PATH, CONFIG_BASE_PATH]) {
      await s.ensure(path)
    }
    await s.ensure(`${ACTOR_BASE_PATH}/${type}`)
    await s.ensure(`${CONFIG_BASE_PATH}/${type}`)
    if (name !== "") {
      await s.ensure(actorPath(type, name))
      await s.ensure(configLockPath(type, name))
    }
  }

  /** Joins the cluster: ephemeral `…/nodes/<ip>_<port>`. */
  async registerActor(type: string, name: string, ip: string, port: number): Promise<void> {
    await this.ensureCluster(type, name, nodesPath(type, name))
    await this.current.create(`${nodesPath(type, name)}/${locString(ip, port)}`, "", "ephemeral")
  }

  async unregisterActor(type: string, name: string, ip: string, port: number): Promise<void> {
    await this.current.remove(`${nodesPath(type, name)}/${locString(ip, port)}`)
  }

  /**
   * Marks this server routable by proxies: ephemeral `…/actives/<ip>_<port>`. Marking twice is fine:
   * the mixer (once it has a model) and the server's start-up both mark it, in either order.
   */
  async registerActive(type: string, name: string, ip: string, port: number): Promise<void> {
    await this.ensureCluster(type, name, activesPath(type, name))
    await this.current.create(`${activesPath(type, name)}/${locString(ip, port)}`, "", "ephemeral").catch((error: unknown) => {
      if (!(error instanceof ZkError && error.code === "NODE_EXISTS")) throw error
    })
  }

  async unregisterActive(type: string, name: string, ip: string, port: number): Promise<void> {
    await this.current.remove(`${activesPath(type, name)}/${locString(ip, port)}`)
  }

  async registerProxy(type: string, ip: string, port: number): Promise<void> {
    const s = this.current
    await s.ensure(PROXY_BASE_PATH)
    await s.ensure(proxiesPath(type))
    await s.create(`${proxiesPath(type)}/${locString(ip, port)}`, "", "ephemeral")
  }

  /** jubavisor's registration (jubavisor.cpp): the bases it needs, then its ephemeral node. */
  async registerSupervisor(ip: string, port: number): Promise<void> {
    const s = this.current
    await s.ensure(JUBATUS_BASE_PATH)
    await s.ensure(SUPERVISOR_BASE_PATH)
    await s.ensure(ACTOR_BASE_PATH)
    await s.create(`${SUPERVISOR_BASE_PATH}/${locString(ip, port)}`, "", "ephemeral")
  }

  private async ensureCluster(type: string, name: string, dir: string): Promise<void> {
    const s = this.current
    await s.ensure(actorPath(type, name))
    await s.ensure(masterLockPath(type, name), "")
    await s.ensure(dir)
  }

  // ---- cached listings (cached_zk.cpp) ----

  /** Members under `dir` from the watch-invalidated cache, or undefined on a miss. */
  peekMembers(dir: string): ReadonlyArray<Member> | undefined {
    const ids = this.cache.peekChildren(dir)
    return ids === undefined ? undefined : this.toMembers(ids)
  }

  /** The cluster names of an engine type (children of /jubatus/actors/<type>), cached and watched. */
  peekClusters(type: string): ReadonlyArray<string> | undefined {
    return this.cache.peekChildren(`${ACTOR_BASE_PATH}/${type}`)
  }

  listClusters(type: string): Promise<ReadonlyArray<string>> {
    return this.cache.children(`${ACTOR_BASE_PATH}/${type}`)
  }

  async listMembers(dir: string): Promise<ReadonlyArray<Member>> {
    return this.toMembers(await this.cache.children(dir))
  }

  private toMembers(ids: ReadonlyArray<string>): ReadonlyArray<Member> {
    let list = this.memberLists.get(ids)
    if (list === undefined) {
      list = Object.freeze(ids.map((id) => this.member(id)))
      this.memberLists.set(ids, list)
    }
    return list
  }

  private member(id: string): Member {
    let member = this.members.get(id)
    if (member === undefined) {
      member = parseMember(id)
      this.members.set(id, member)
    }
    return member
  }

  // ---- config and locks (config.cpp, zkmutex) ----

  readConfig(type: string, name: string): Promise<string> {
    return readConfig(this.current, type, name)
  }

  writeConfig(type: string, name: string, config: string): Promise<void> {
    return writeConfig(this.current, type, name, config, this.lockRetry())
  }

  deleteConfig(type: string, name: string): Promise<void> {
    return deleteConfig(this.current, type, name, this.lockRetry())
  }

  listConfigs(): Promise<ReadonlyArray<ClusterConfig>> {
    return listConfigs(this.current)
  }

  tryLock(dir: string, mode: "read" | "write"): Promise<LockNode | undefined> {
    return tryLockNode(this.current, dir, mode)
  }

  lockConfig(type: string, name: string, mode: "read" | "write"): Promise<LockNode> {
    return lockConfig(this.current, type, name, mode, this.lockRetry())
  }

  private lockRetry(): LockRetry {
    return { retries: this.options.lockRetries ?? 3, intervalMs: this.options.lockRetryIntervalMs ?? 1000 }
  }

  // ---- CHT (cht.cpp) ----

  async registerCht(type: string, name: string, ip: string, port: number): Promise<void> {
    const s = this.current
    const dir = chtPath(type, name)
    await s.ensure(actorPath(type, name))
    await s.ensure(dir)
    const endpoint = locString(ip, port)
    for (const hash of chtVnodeHashes(ip, port)) await s.create(`${dir}/${hash}`, endpoint, "ephemeral")
  }

  /** The CHT answer from cached ring and entries only, or undefined when something must be read. */
  peekCht(type: string, name: string, key: string, n: number): ReadonlyArray<Member> | undefined {
    const dir = chtPath(type, name)
    const ring = this.cache.peekChildren(dir)
    if (ring === undefined || ring.length === 0) return undefined
    const picked = chtPick(ring, key, n)
    const out = new Array<Member>(picked.length)
    for (let i = 0; i < picked.length; i++) {
      const id = this.cache.peekData(`${dir}/${picked[i]}`)
      if (id === undefined) return undefined
      out[i] = this.member(id)
    }
    return out
  }

  async findCht(type: string, name: string, key: string, n: number): Promise<ReadonlyArray<Member>> {
    const dir = chtPath(type, name)
    const ring = await this.cache.children(dir)
    if (ring.length === 0) throw new CoordinatorError({ reason: "NoServer", message: `no server found: ${name}` })
    const out: Array<Member> = []
    for (const hash of chtPick(ring, key, n)) {
      const id = await this.cache.data(`${dir}/${hash}`)
      if (id === undefined) {
        throw new CoordinatorError({ reason: "NoServer", message: `failed to read CHT entry: ${dir}/${hash}` })
      }
      out.push(this.member(id))
    }
    return out
  }

  // ---- global ids (global_id_generator_zk.cpp) ----

  /** Bumps `…/id_generator`'s data version and returns it: 1, 2, 3… across the cluster. */
  async createId(type: string, name: string): Promise<number> {
    const path = idGeneratorPath(type, name)
    if (!this.idGenerators.has(path)) {
      await this.current.ensure(path)
      this.idGenerators.add(path)
    }
    // Jubatus writes the 5 letters plus the C string's NUL (6 bytes); kept for byte-identical znodes.
    return (await this.current.set(path, "dummy\0")).version
  }

  // ---- watches ----

  /**
   * Calls `onDeleted` once when `path` is deleted (Jubatus's bind_delete_watcher: a server that
   * loses its `/nodes` entry stops). The node must exist; returns a function that stops watching.
   */
  async watchDeleted(path: string, onDeleted: (path: string) => void): Promise<() => void> {
    const session = this.current
    let active = true
    const fire = () => {
      if (!active) return
      active = false
      onDeleted(path)
    }
    const watcher = (event: { readonly type: string }) => {
      if (!active) return
      if (event.type === "deleted") return fire()
      // Any other event spends the one-shot watch: arm it again.
      session.exists(path, watcher).then((stat) => stat === undefined && fire(), () => undefined)
    }
    if ((await session.exists(path, watcher)) === undefined) {
      active = false
      throw new CoordinatorError({ reason: "NoNode", message: `cannot watch "${path}": node does not exist`, path })
    }
    return () => {
      active = false
    }
  }

  // ---- session events ----

  private bind(session: ZkSession): () => void {
    return session.onStateChange((state: ZkState) => {
      if (session !== this.current) return
      // cached_zk drops everything on any session event.
      this.cache.clear()
      if (state === "connected" || state === "disconnected" || state === "expired") this.publish(state)
    })
  }

  private publish(state: SessionState): void {
    if (this.stateNow === state) return
    this.stateNow = state
    for (const listener of [...this.listeners]) listener(state)
  }
}
