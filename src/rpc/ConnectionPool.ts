// Pooled client connections keyed by host:port (jubatus-msgpack-rpc session_pool, used by proxies and
// the mixer). Connections pipeline, so a few per member carry any load; idle ones expire after
// `expireSec` (the proxy's --pool_expire). A member that refused a connection is not retried on every call
// in a tight loop: the next call opens a fresh connection.
import { ClientConnection, type ParamsWriter, type RawResponse } from "./ClientConnection.ts"

export interface PoolOptions {
  /** Seconds an idle connection is kept; 0 closes it when its last call ends. */
  readonly expireSec: number
  /** Connections per member; 0 = the default of 2. */
  readonly maxPerHost: number
  readonly connectTimeoutMs: number
}

export class ConnectionPool {
  private readonly hosts = new Map<string, Array<ClientConnection>>()
  private readonly sweeper: ReturnType<typeof setInterval> | undefined

  constructor(private readonly options: PoolOptions) {
    if (options.expireSec > 0) {
      this.sweeper = setInterval(() => this.sweep(), Math.min(options.expireSec * 1000, 5000))
      ;(this.sweeper as { unref?: () => void }).unref?.()
    }
  }

  call(host: string, port: number, method: string, writeParams: ParamsWriter, timeoutMs: number): Promise<RawResponse> {
    return this.connection(host, port).call(method, writeParams, timeoutMs)
  }

  private connection(host: string, port: number): ClientConnection {
    const key = `${host}:${port}`
    let list = this.hosts.get(key)
    if (list === undefined) {
      list = []
      this.hosts.set(key, list)
    }
    let best: ClientConnection | undefined
    for (let i = list.length - 1; i >= 0; i--) {
      const c = list[i]
      if (c.closed) {
        list.splice(i, 1)
        continue
      }
      if (best === undefined || c.inFlight < best.inFlight) best = c
    }
    const max = this.options.maxPerHost > 0 ? this.options.maxPerHost : 2
    if (best === undefined || (best.inFlight > 0 && list.length < max)) {
      const fresh = new ClientConnection(host, port, this.options.connectTimeoutMs)
      list.push(fresh)
      return fresh
    }
    return best
  }

  /** Drops every connection to a member (after a timeout its connection state is unknown). */
  drop(host: string, port: number): void {
    const key = `${host}:${port}`
    for (const c of this.hosts.get(key) ?? []) c.close()
    this.hosts.delete(key)
  }

  get size(): number {
    let n = 0
    for (const list of this.hosts.values()) n += list.length
    return n
  }

  private sweep(): void {
    const cutoff = Date.now() - this.options.expireSec * 1000
    for (const [key, list] of this.hosts) {
      for (let i = list.length - 1; i >= 0; i--) {
        const c = list[i]
        if (c.closed || (c.inFlight === 0 && c.lastUsed < cutoff)) {
          c.close()
          list.splice(i, 1)
        }
      }
      if (list.length === 0) this.hosts.delete(key)
    }
  }

  close(): void {
    if (this.sweeper !== undefined) clearInterval(this.sweeper)
    for (const list of this.hosts.values()) for (const c of list) c.close()
    this.hosts.clear()
  }
}
