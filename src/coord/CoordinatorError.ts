// The one error of the Coordinator boundary; `reason` says what went wrong, `message` is the text
// Jubatus shows for it (config.cpp, server_helper.cpp, proxy_common.hpp, zk.cpp).
import { Data } from "effect"
import { ZkError } from "./ZkError.ts"

export type CoordinatorErrorReason =
  /** `cannot connect zk in N sec: <hosts>` */
  | "ConnectFailed"
  /** The session expired or was closed; the caller must reconnect and register again. */
  | "SessionExpired"
  /** A node the operation needs is missing (`ZooKeeper node does not exist: <path>`). */
  | "NoNode"
  /** An ephemeral node is already there: another process registered the same `<ip>_<port>`. */
  | "NodeExists"
  /** `config does not exist: <path>` */
  | "ConfigNotFound"
  /** `config is empty` */
  | "ConfigEmpty"
  /** `any user is writing config?` / `any user is using config?` */
  | "LockBusy"
  /** `any server is running: <type>, <name>` */
  | "ServerRunning"
  /** `no server found: <name>` */
  | "NoServer"
  /** Any other ZooKeeper failure (connection loss, bad version, …). */
  | "ZooKeeper"

export class CoordinatorError extends Data.TaggedError("CoordinatorError")<{
  readonly reason: CoordinatorErrorReason
  readonly message: string
  readonly path?: string | undefined
  readonly cause?: unknown
}> {
  /** Classifies a failure of a ZkSession call. */
  static fromZk(cause: unknown): CoordinatorError {
    if (cause instanceof CoordinatorError) return cause
    if (!(cause instanceof ZkError)) {
      return new CoordinatorError({ reason: "ZooKeeper", message: String(cause), cause })
    }
    const reason: CoordinatorErrorReason = cause.op === "connect"
      ? "ConnectFailed"
      : cause.code === "SESSION_EXPIRED" || cause.code === "CLOSED"
      ? "SessionExpired"
      : cause.code === "NO_NODE"
      ? "NoNode"
      : cause.code === "NODE_EXISTS"
      ? "NodeExists"
      : "ZooKeeper"
    return new CoordinatorError({ reason, message: cause.message, path: cause.path || undefined, cause })
  }
}
