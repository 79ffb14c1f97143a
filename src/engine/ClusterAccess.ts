// The one narrow window an engine method has onto its cluster (ENGINES.md, Distributed): the next
// global id, the CHT owners of a key, and a call to a member. Jubatus's anomaly `add` and graph
// `create_node`/`create_edge` are the methods that need it (anomaly_serv.cpp, graph_serv.cpp). The
// server supplies it — ZooKeeper-backed in distributed mode, itself alone standalone — so drivers stay
// pure model state and method tables stay free of sockets.

export interface MemberRef {
  /** `<ip>_<port>` */
  readonly id: string
  readonly ip: string
  readonly port: number
}

export interface ClusterAccess {
  /** False for a standalone server: the cluster is this server alone. */
  readonly distributed: boolean
  /** This server. */
  readonly self: MemberRef
  /** The next global id: ZooKeeper's id_generator (1, 2, 3, … cluster-wide) or a local counter standalone. */
  readonly nextId: () => Promise<number>
  /** The `n` ring owners of `key` (duplicates kept, as Jubatus does); standalone: this server `n` times. */
  readonly chtOwners: (key: string, n: number) => Promise<ReadonlyArray<MemberRef>>
  /**
   * Calls `method` on `member` with the cluster name put first (as a proxy would) and resolves to the
   * decoded result; rejects with the member's error message or the transport failure.
   */
  readonly call: (member: MemberRef, method: string, args: ReadonlyArray<unknown>) => Promise<unknown>
}

/** The cluster of a standalone server: itself, ids from a local counter, no remote members. */
export const standaloneCluster = (self: MemberRef): ClusterAccess => {
  let lastId = 0
  return {
    distributed: false,
    self,
    nextId: () => Promise.resolve(++lastId),
    chtOwners: (_key, n) => Promise.resolve(Array.from({ length: n }, () => self)),
    call: (member, method) => Promise.reject(new Error(`cannot call "${method}" on ${member.id}: standalone server`))
  }
}
