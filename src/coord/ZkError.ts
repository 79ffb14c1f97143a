// A failed ZooKeeper call as ZkSession reports it; the Coordinator turns it into a CoordinatorError.

/** A failed ZooKeeper operation; `code` is the server's error name (`NO_NODE`, `NODE_EXISTS`, …). */
export class ZkError extends Error {
  readonly _tag = "ZkError"
  constructor(
    readonly code: string,
    readonly op: string,
    readonly path: string,
    message?: string
  ) {
    super(message ?? (path === "" ? `cannot ${op}: ${code}` : `cannot ${op} "${path}": ${code}`))
  }
}
