// The vocabulary of ZooKeeper sessions in juba's terms, and its translation to and from
// node-zookeeper-client's constants and objects.
/// <reference path="./node-zookeeper-client.d.ts" />
import { Buffer } from "node:buffer"
import * as zookeeper from "node-zookeeper-client"

/** Where a session stands; `expired` and `closed` are final. */
export type ZkState = "connecting" | "connected" | "disconnected" | "expired" | "closed"

export type ZkCreateMode = "persistent" | "ephemeral" | "ephemeralSequential"

export interface ZkStat {
  /** Data version: 0 after create, +1 per set. */
  readonly version: number
  readonly ephemeral: boolean
  readonly dataLength: number
  readonly numChildren: number
}

export type ZkEventType = "created" | "deleted" | "dataChanged" | "childrenChanged"

export interface ZkEvent {
  readonly type: ZkEventType
  readonly path: string
}

/** A one-shot watch, as in ZooKeeper: re-arm it by reading again. */
export type ZkWatcher = (event: ZkEvent) => void

export interface ZkSessionOptions {
  /** `host:port[,host:port…]`, as given to `-z`. */
  readonly hosts: string
  readonly sessionTimeoutMs: number
  /** How long `connect` waits for the first session; defaults to the session timeout. */
  readonly connectTimeoutMs?: number
  /** Upper bound of the random pause after every listed server refused; the library's 1 s slows failover. */
  readonly spinDelayMs?: number
}

export const EMPTY = Buffer.alloc(0)

export const createModes: Record<ZkCreateMode, number> = {
  persistent: zookeeper.CreateMode.PERSISTENT,
  ephemeral: zookeeper.CreateMode.EPHEMERAL,
  ephemeralSequential: zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL
}

export const eventTypes: Record<number, ZkEventType> = {
  [zookeeper.Event.NODE_CREATED]: "created",
  [zookeeper.Event.NODE_DELETED]: "deleted",
  [zookeeper.Event.NODE_DATA_CHANGED]: "dataChanged",
  [zookeeper.Event.NODE_CHILDREN_CHANGED]: "childrenChanged"
}

export const toBuffer = (data: string | Uint8Array | undefined): Buffer =>
  data === undefined ? EMPTY : typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data)

export const toStat = (stat: zookeeper.Stat): ZkStat => ({
  version: stat.version,
  ephemeral: stat.ephemeralOwner.some((b) => b !== 0),
  dataLength: stat.dataLength,
  numChildren: stat.numChildren
})

export const codeOf = (error: unknown): string =>
  typeof error === "object" && error !== null && typeof (error as { name?: unknown }).name === "string"
    ? (error as { name: string }).name
    : "SYSTEM_ERROR"

