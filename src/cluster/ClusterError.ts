// The one error of `juba cluster up`: what stopped a local cluster from starting or running. The
// message is what the user reads; `reason` lets callers (and tests) tell the cases apart.
import { Data } from "effect"

export type ClusterErrorReason =
  /** No `--zookeeper`, and no installed ZooKeeper or Java to start one. */
  | "NoZooKeeper"
  /** The config file cannot be read, or its engine refuses it. */
  | "BadConfig"
  /** A port the cluster needs is taken. */
  | "PortBusy"
  /** A process did not come up: exited, or never listened / registered in time. */
  | "StartFailed"
  /** A process of the running cluster ended on its own. */
  | "ProcessDied"
  /** A ZooKeeper operation of the command itself failed (config write, membership read). */
  | "ZooKeeper"

export class ClusterError extends Data.TaggedError("ClusterError")<{
  readonly reason: ClusterErrorReason
  readonly message: string
}> {}
