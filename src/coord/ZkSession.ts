// A ZooKeeper session as promises over node-zookeeper-client: the counterpart of Jubatus's
// common/zk.cpp (connect with a deadline, create/set/get/remove/list, watches, session events).
/// <reference path="./node-zookeeper-client.d.ts" />
import { Buffer } from "node:buffer"
import type { Socket } from "node:net"
import * as zookeeper from "node-zookeeper-client"
import { ZkError } from "./ZkError.ts"
import {
  codeOf,
  createModes,
  EMPTY,
  eventTypes,
  toBuffer,
  toStat,
  type ZkCreateMode,
  type ZkSessionOptions,
  type ZkStat,
  type ZkState,
  type ZkWatcher
} from "./ZkTypes.ts"

export type { ZkCreateMode, ZkEvent, ZkEventType, ZkSessionOptions, ZkStat, ZkState, ZkWatcher } from "./ZkTypes.ts"

const RETRIES = 3

export class ZkSession {
  private stateNow: ZkState = "connecting"
  private readonly listeners = new Set<(state: ZkState) => void>()
  /** Rejecters of operations in flight: the library never answers requests queued before an expiry. */
  private readonly pending = new Set<(code: string) => void>()
  /** The library keeps one listener per function and path, so each watcher gets one stable wrapper. */
  private readonly wrappers = new WeakMap<ZkWatcher, zookeeper.Watcher>()
  private lossTimer: ReturnType<typeof setTimeout> | undefined

  private constructor(
    readonly hosts: string,
    private readonly client: zookeeper.Client
  ) {
    client.on("connected", () => this.onConnected())
    client.on("disconnected", () => this.onDisconnected())
    client.on("expired", () => this.toFinal("expired"))
  }

  /** Opens a session, failing with `cannot connect zk in N sec: <hosts>` when none comes up in time. */
  static connect(options: ZkSessionOptions): Promise<ZkSession> {
    const connectTimeoutMs = options.connectTimeoutMs ?? options.sessionTimeoutMs
    const seconds = Math.max(1, Math.round(connectTimeoutMs / 1000))
    let client: zookeeper.Client
    try {
      client = zookeeper.createClient(options.hosts, {
        sessionTimeout: options.sessionTimeoutMs,
        spinDelay: options.spinDelayMs ?? 200,
        retries: 0
      })
    } catch {
      return Promise.reject(
        new ZkError("BAD_ARGUMENTS", "connect", "", `cannot connect zk: invalid hosts "${options.hosts}"`)
      )
    }
    const session = new ZkSession(options.hosts, client)
    return new Promise<ZkSession>((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe()
        void session.close()
        reject(new ZkError("TIMEOUT", "connect", "", `cannot connect zk in ${seconds} sec: ${options.hosts}`))
      }, connectTimeoutMs)
      const unsubscribe = session.onStateChange((state) => {
        if (state === "connected") {
          clearTimeout(timer)
          unsubscribe()
          resolve(session)
        }
      })
      client.connect()
    })
  }

  /**
   * Ends a session on the server from another connection (its id and password): used after this
   * client lost touch with a session, so that its ephemeral nodes do not linger until the server
   * notices. Resolves in any case (the session may be gone already).
   */
  static terminate(hosts: string, credentials: { readonly id: Buffer; readonly password: Buffer }, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let client: zookeeper.Client
      try {
        client = zookeeper.createClient(hosts, {
          sessionTimeout: 4000,
          spinDelay: 200,
          sessionId: credentials.id,
          sessionPassword: credentials.password
        })
      } catch {
        return resolve()
      }
      let done = false
      const finish = () => {
        if (done) return
        done = true
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(() => {
        client.close()
        finish()
      }, timeoutMs)
      client.once("connected", () => {
        client.once("disconnected", finish)
        client.close()
      })
      client.once("expired", finish)
      client.connect()
    })
  }

  get state(): ZkState {
    return this.stateNow
  }

  /** Calls `listener` on every state change until the returned function is called. */
  onStateChange(listener: (state: ZkState) => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  /** The session timeout the server granted, in ms. */
  get sessionTimeoutMs(): number {
    return this.client.getSessionTimeout()
  }

  /** Session id and password: what `terminate` (and tests that expire a session) need. */
  get credentials(): { readonly id: Buffer; readonly password: Buffer } {
    return { id: this.client.getSessionId(), password: this.client.getSessionPassword() }
  }

  /** `ip:port` of the server this session talks to, "" while not connected. */
  connectedServer(): string {
    if (this.stateNow !== "connected") return ""
    const socket = (this.client as unknown as { connectionManager?: { socket?: Socket } }).connectionManager?.socket
    const address = socket?.remoteAddress
    if (address === undefined || socket?.remotePort === undefined) return ""
    return `${address.startsWith("::ffff:") ? address.slice(7) : address}:${socket.remotePort}`
  }

  /** Creates a node and returns its path (with the sequence suffix for sequential nodes). */
  create(path: string, data?: string | Uint8Array, mode: ZkCreateMode = "persistent"): Promise<string> {
    const buffer = toBuffer(data)
    if (mode === "ephemeral") return this.createEphemeral(path, buffer)
    return this.call<string>("create", path, (done) =>
      this.client.create(path, buffer, createModes[mode], (error, created) => done(error, created)))
  }

  /** Creates a persistent node; one that already exists is success (Jubatus's `zk::create`). */
  ensure(path: string, data?: string | Uint8Array): Promise<void> {
    const buffer = toBuffer(data)
    return this.retrying(() =>
      this.call<void>("create", path, (done) =>
        this.client.create(path, buffer, createModes.persistent, (error) =>
          done(error !== null && codeOf(error) === "NODE_EXISTS" ? null : error, undefined)))
    )
  }

  get(path: string, watcher?: ZkWatcher): Promise<{ readonly data: Buffer; readonly stat: ZkStat }> {
    return this.retrying(() =>
      this.call("get", path, (done) => {
        const callback = (error: zookeeper.Exception | null, data: Buffer | undefined, stat: zookeeper.Stat) =>
          done(error, error === null && stat !== undefined ? { data: data ?? EMPTY, stat: toStat(stat) } : undefined)
        if (watcher === undefined) this.client.getData(path, callback)
        else this.client.getData(path, this.wrap(watcher), callback)
      })
    )
  }

  /** Replaces a node's data; returns the new stat (its version counts the sets). */
  set(path: string, data: string | Uint8Array, version = -1): Promise<ZkStat> {
    const buffer = toBuffer(data)
    return this.call("set", path, (done) =>
      this.client.setData(path, buffer, version, (error, stat) =>
        done(error, error === null && stat !== undefined ? toStat(stat) : undefined)))
  }

  /** Deletes a node; a missing one is success when `ignoreMissing` (Jubatus's `zk::remove`). */
  remove(path: string, ignoreMissing = true): Promise<void> {
    return this.retrying(() =>
      this.call<void>("remove", path, (done) =>
        this.client.remove(path, -1, (error) =>
          done(error !== null && ignoreMissing && codeOf(error) === "NO_NODE" ? null : error, undefined)))
    )
  }

  /** The node's stat, or undefined when it does not exist; a watcher also fires on its creation. */
  exists(path: string, watcher?: ZkWatcher): Promise<ZkStat | undefined> {
    return this.retrying(() =>
      this.call("exists", path, (done) => {
        // On an error the client passes no stat at all: look at the error first.
        const callback = (error: zookeeper.Exception | null, stat: zookeeper.Stat | null | undefined) =>
          done(error, error !== null || stat === null || stat === undefined ? undefined : toStat(stat))
        if (watcher === undefined) this.client.exists(path, callback)
        else this.client.exists(path, this.wrap(watcher), callback)
      })
    )
  }

  /** Child names, sorted as Jubatus's `zk::list` sorts them. */
  children(path: string, watcher?: ZkWatcher): Promise<Array<string>> {
    return this.retrying(() =>
      this.call("list", path, (done) => {
        const callback = (error: zookeeper.Exception | null, children: Array<string>) =>
          done(error, error === null ? children.slice().sort() : undefined)
        if (watcher === undefined) this.client.getChildren(path, callback)
        else this.client.getChildren(path, this.wrap(watcher), callback)
      })
    )
  }

  /** Ends the session (its ephemeral nodes go at once) and fails whatever is still in flight. */
  close(): Promise<void> {
    if (this.stateNow === "closed") return Promise.resolve()
    if (this.stateNow === "expired") {
      // The library has shut the connection already; there is no session left to close.
      this.setState("closed")
      this.destroySocket()
      return Promise.resolve()
    }
    const wasConnected = this.stateNow === "connected"
    this.toFinal("closed")
    return new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer)
        this.client.removeListener("disconnected", finish)
        this.destroySocket()
        resolve()
      }
      // The server answers CLOSE_SESSION by closing the socket, which the client reports as "disconnected".
      const timer = setTimeout(finish, wasConnected ? 2000 : 0)
      this.client.on("disconnected", finish)
      try {
        this.client.close()
      } catch {
        finish()
      }
    })
  }

  private createEphemeral(path: string, buffer: Buffer): Promise<string> {
    // A create lost with the connection may have happened: a node we own already is ours.
    const attempt = (retry: number): Promise<string> =>
      this.call<string>("create", path, (done) =>
        this.client.create(path, buffer, createModes.ephemeral, (error, created) => done(error, created))
      ).catch(async (error: unknown) => {
        if (!(error instanceof ZkError)) throw error
        if (error.code === "CONNECTION_LOSS" && retry < RETRIES && !this.isFinal()) return attempt(retry + 1)
        if (error.code === "NODE_EXISTS" && retry > 0 && (await this.ownedByMe(path))) return path
        throw error
      })
    return attempt(0)
  }

  private ownedByMe(path: string): Promise<boolean> {
    return this.call("exists", path, (done) =>
      this.client.exists(path, (error, stat) =>
        done(error, stat !== null && stat.ephemeralOwner.equals(this.client.getSessionId()))))
  }

  private retrying<A>(run: () => Promise<A>): Promise<A> {
    const attempt = (retry: number): Promise<A> =>
      run().catch((error: unknown) => {
        if (error instanceof ZkError && error.code === "CONNECTION_LOSS" && retry < RETRIES && !this.isFinal()) {
          return attempt(retry + 1)
        }
        throw error
      })
    return attempt(0)
  }

  private call<A>(
    op: string,
    path: string,
    run: (done: (error: zookeeper.Exception | null, value: A | undefined) => void) => void
  ): Promise<A> {
    if (this.isFinal()) {
      return Promise.reject(new ZkError(this.stateNow === "expired" ? "SESSION_EXPIRED" : "CLOSED", op, path))
    }
    return new Promise<A>((resolve, reject) => {
      const fail = (code: string) => {
        this.pending.delete(fail)
        reject(new ZkError(code, op, path))
      }
      this.pending.add(fail)
      try {
        run((error, value) => {
          if (!this.pending.delete(fail)) return
          if (error !== null) reject(new ZkError(codeOf(error), op, path))
          else resolve(value as A)
        })
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error))
      }
    })
  }

  private wrap(watcher: ZkWatcher): zookeeper.Watcher {
    let wrapped = this.wrappers.get(watcher)
    if (wrapped === undefined) {
      wrapped = (event) => {
        const type = eventTypes[event.type]
        if (type !== undefined && !this.isFinal()) watcher({ type, path: event.path })
      }
      this.wrappers.set(watcher, wrapped)
    }
    return wrapped
  }

  private isFinal(): boolean {
    return this.stateNow === "expired" || this.stateNow === "closed"
  }

  private onConnected(): void {
    if (this.isFinal()) return
    clearTimeout(this.lossTimer)
    this.lossTimer = undefined
    this.setState("connected")
  }

  private onDisconnected(): void {
    if (this.isFinal() || this.stateNow === "disconnected") return
    // Like Jubatus's zk watcher: a session not back within its timeout is given up as expired.
    const timeoutMs = this.stateNow === "connected" ? this.client.getSessionTimeout() : 0
    this.setState("disconnected")
    if (timeoutMs > 0) {
      this.lossTimer = setTimeout(() => {
        if (this.stateNow !== "disconnected") return
        this.toFinal("expired")
        try {
          this.client.close()
        } catch {
          // already closing
        }
        this.destroySocket()
      }, timeoutMs)
    }
  }

  private toFinal(state: "expired" | "closed"): void {
    if (this.isFinal()) return
    clearTimeout(this.lossTimer)
    this.lossTimer = undefined
    this.setState(state)
    const code = state === "expired" ? "SESSION_EXPIRED" : "CLOSED"
    for (const fail of [...this.pending]) fail(code)
  }

  private setState(state: ZkState): void {
    if (this.stateNow === state) return
    this.stateNow = state
    for (const listener of [...this.listeners]) listener(state)
  }

  private destroySocket(): void {
    const manager = (this.client as unknown as { connectionManager?: { socket?: Socket } }).connectionManager
    manager?.socket?.destroy()
  }
}
