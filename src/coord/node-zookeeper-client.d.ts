// Types for the parts of node-zookeeper-client 1.1 that ZkSession uses (the package ships none).
// Read against node_modules/node-zookeeper-client/{index.js,lib/*.js}.
declare module "node-zookeeper-client" {
  import type { EventEmitter } from "node:events"

  export interface Stat {
    readonly czxid: Buffer
    readonly mzxid: Buffer
    readonly ctime: Buffer
    readonly mtime: Buffer
    readonly version: number
    readonly cversion: number
    readonly aversion: number
    /** Session id of the owner, all zeros for a persistent node. */
    readonly ephemeralOwner: Buffer
    readonly dataLength: number
    readonly numChildren: number
    readonly pzxid: Buffer
  }

  export interface Event {
    readonly type: number
    readonly name: string
    readonly path: string
    getType(): number
    getName(): string
    getPath(): string
  }

  export interface Exception extends Error {
    readonly code: number
    readonly name: string
    readonly path?: string
    getCode(): number
    getName(): string
  }

  export type Watcher = (event: Event) => void

  export interface ClientOptions {
    readonly sessionTimeout?: number
    readonly spinDelay?: number
    readonly retries?: number
    readonly sessionId?: Buffer
    readonly sessionPassword?: Buffer
  }

  export interface Client extends EventEmitter {
    connect(): void
    close(): void
    getSessionId(): Buffer
    getSessionPassword(): Buffer
    getSessionTimeout(): number
    create(
      path: string,
      data: Buffer | undefined,
      mode: number,
      callback: (error: Exception | null, path: string) => void
    ): void
    remove(path: string, version: number, callback: (error: Exception | null) => void): void
    setData(
      path: string,
      data: Buffer,
      version: number,
      callback: (error: Exception | null, stat: Stat) => void
    ): void
    getData(path: string, callback: (error: Exception | null, data: Buffer | undefined, stat: Stat) => void): void
    getData(
      path: string,
      watcher: Watcher,
      callback: (error: Exception | null, data: Buffer | undefined, stat: Stat) => void
    ): void
    exists(path: string, callback: (error: Exception | null, stat: Stat | null) => void): void
    exists(path: string, watcher: Watcher, callback: (error: Exception | null, stat: Stat | null) => void): void
    getChildren(path: string, callback: (error: Exception | null, children: Array<string>, stat: Stat) => void): void
    getChildren(
      path: string,
      watcher: Watcher,
      callback: (error: Exception | null, children: Array<string>, stat: Stat) => void
    ): void
  }

  export function createClient(connectionString: string, options?: ClientOptions): Client

  export const CreateMode: {
    readonly PERSISTENT: number
    readonly PERSISTENT_SEQUENTIAL: number
    readonly EPHEMERAL: number
    readonly EPHEMERAL_SEQUENTIAL: number
  }

  export const Event: {
    readonly NODE_CREATED: number
    readonly NODE_DELETED: number
    readonly NODE_DATA_CHANGED: number
    readonly NODE_CHILDREN_CHANGED: number
  }

  export const Exception: {
    readonly OK: number
    readonly CONNECTION_LOSS: number
    readonly OPERATION_TIMEOUT: number
    readonly NO_NODE: number
    readonly NODE_EXISTS: number
    readonly NOT_EMPTY: number
    readonly BAD_VERSION: number
    readonly SESSION_EXPIRED: number
  }
}
