// Child lists and node data kept in memory and invalidated by ZooKeeper watches: Jubatus's
// cached_zk (common/cached_zk.cpp), which proxies consult on every request.
import { ZkError } from "./ZkError.ts"
import type { ZkEvent, ZkSession } from "./ZkSession.ts"

const isNoNode = (error: unknown): boolean => error instanceof ZkError && error.code === "NO_NODE"

export class ZkCache {
  private readonly lists = new Map<string, ReadonlyArray<string>>()
  private readonly listLoads = new Map<string, Promise<ReadonlyArray<string>>>()
  private readonly datas = new Map<string, string>()
  private readonly dataLoads = new Map<string, Promise<string | undefined>>()
  /** Bumped per invalidation so that a load begun before it does not fill the cache afterwards. */
  private readonly epochs = new Map<string, number>()

  constructor(private readonly session: ZkSession) {}

  /** The cached children of `path` (sorted), or undefined when they must be fetched. */
  peekChildren(path: string): ReadonlyArray<string> | undefined {
    return this.lists.get(path)
  }

  /** Children of `path`, sorted; a missing node lists as empty and is watched for its creation. */
  children(path: string): Promise<ReadonlyArray<string>> {
    const hit = this.lists.get(path)
    if (hit !== undefined) return Promise.resolve(hit)
    const loading = this.listLoads.get(path)
    if (loading !== undefined) return loading
    const load = this.loadChildren(path).finally(() => {
      if (this.listLoads.get(path) === load) this.listLoads.delete(path)
    })
    this.listLoads.set(path, load)
    return load
  }

  /** The cached data of `path`, or undefined when it must be fetched. */
  peekData(path: string): string | undefined {
    return this.datas.get(path)
  }

  /** A node's data as text, undefined when the node does not exist (not cached). */
  data(path: string): Promise<string | undefined> {
    const hit = this.datas.get(path)
    if (hit !== undefined) return Promise.resolve(hit)
    const loading = this.dataLoads.get(path)
    if (loading !== undefined) return loading
    const load = this.loadData(path).finally(() => {
      if (this.dataLoads.get(path) === load) this.dataLoads.delete(path)
    })
    this.dataLoads.set(path, load)
    return load
  }

  /** Forgets everything, as cached_zk does on session events. */
  clear(): void {
    for (const path of [...this.lists.keys(), ...this.listLoads.keys(), ...this.datas.keys(), ...this.dataLoads.keys()]) {
      this.bump(path)
    }
    this.lists.clear()
    this.listLoads.clear()
    this.datas.clear()
    this.dataLoads.clear()
  }

  private async loadChildren(path: string): Promise<ReadonlyArray<string>> {
    const epoch = this.epoch(path)
    let list: ReadonlyArray<string>
    try {
      list = Object.freeze(await this.session.children(path, this.onListEvent))
    } catch (error) {
      if (!isNoNode(error)) throw error
      // A missing node is answered empty but neither cached nor watched: clients may name any
      // cluster, and a watch and a cache entry per made-up name would grow without bound.
      return Object.freeze([])
    }
    if (this.epoch(path) === epoch) this.lists.set(path, list)
    return list
  }

  private async loadData(path: string): Promise<string | undefined> {
    const epoch = this.epoch(path)
    try {
      const { data } = await this.session.get(path, this.onDataEvent)
      const text = data.toString("utf8")
      if (this.epoch(path) === epoch) this.datas.set(path, text)
      return text
    } catch (error) {
      if (isNoNode(error)) return undefined
      throw error
    }
  }

  // Stable functions: the client registers a watcher once per function and path.
  private readonly onListEvent = (event: ZkEvent): void => {
    this.invalidateList(event.path)
    // Reload at once, as cached_zk does, so the next request finds the list ready.
    this.children(event.path).catch(() => undefined)
  }

  private readonly onDataEvent = (event: ZkEvent): void => {
    this.bump(event.path)
    this.datas.delete(event.path)
    this.dataLoads.delete(event.path)
  }

  private invalidateList(path: string): void {
    this.bump(path)
    this.lists.delete(path)
    this.listLoads.delete(path)
  }

  private epoch(path: string): number {
    return this.epochs.get(path) ?? 0
  }

  private bump(path: string): void {
    this.epochs.set(path, this.epoch(path) + 1)
  }
}
