// `juba cluster up` as one scoped resource: a ZooKeeper (given, or started from an installation), the
// cluster's config in it, a proxy and N servers started from juba's own binary, each waited for until it
// listens and the servers until they are in `actives`. Acquired in that order, so closing the scope
// undoes it in reverse: servers leave and stop, the proxy stops, the config written here is deleted,
// the ZooKeeper session closes, and a ZooKeeper started here stops and loses its temp dir.
import { Effect } from "effect"
import type { Scope } from "effect"
import { Coordinator } from "../coord/Coordinator.ts"
import type { CoordinatorError } from "../coord/CoordinatorError.ts"
import { locString } from "../coord/ZkLayout.ts"
import { advertisedIp } from "../platform/network.ts"
import type { SelfCommand } from "../platform/selfCommand.ts"
import { ClusterError } from "./ClusterError.ts"
import type { Endpoint } from "./endpointTable.ts"
import type { ZooKeeperInstall } from "./findZooKeeper.ts"
import { localZooKeeper } from "./LocalZooKeeper.ts"
import { firstUnexpectedEnd, type ManagedProcess, managedGroup, managedProcess, type ProcessSpec } from "./ManagedProcess.ts"
import { reservePorts, waitUntilListening } from "./ports.ts"

export interface LocalClusterSpec {
  readonly type: string
  readonly name: string
  readonly servers: number
  /** The config's text, already accepted by the engine. */
  readonly config: string
  /** A running ZooKeeper (`--zookeeper`); undefined starts one from `findZooKeeper`'s answer. */
  readonly zookeeper: string | undefined
  /** An installation to start, or the message saying there is none. */
  readonly findZooKeeper: () => ZooKeeperInstall | string
  /** 0 picks a free port. */
  readonly proxyPort: number
  /** Server i listens on basePort + i - 1; 0 picks free ports. */
  readonly basePort: number
  /** Bind address of the proxy and the servers; `""` binds every interface. */
  readonly listenAddr: string
  /** The servers' `--datadir`; `""` keeps their default. */
  readonly datadir: string
  readonly self: SelfCommand
  /** Progress lines for the user (starting…, stopping…). */
  readonly progress: (line: string) => void
}

export interface LocalCluster {
  /** ZooKeeper, proxy, servers: what to print. */
  readonly endpoints: ReadonlyArray<Endpoint>
  readonly proxy: { readonly host: string; readonly port: number }
  readonly zookeeper: string
  /** Fails with ProcessDied when a process of the cluster ends on its own; never succeeds. */
  readonly watch: Effect.Effect<never, ClusterError>
}

const LISTEN_TIMEOUT_MS = 20_000
const ACTIVES_TIMEOUT_MS = 20_000
/** Longer than a killed server's session (10 s), whose lock and membership block the config's delete. */
const CONFIG_DELETE_PATIENCE_MS = 15_000

const zkFailure = (action: string) => (e: CoordinatorError): ClusterError =>
  new ClusterError({ reason: "ZooKeeper", message: `cannot ${action}: ${e.message}` })

const sameConfig = (a: string, b: string): boolean => {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b))
  } catch {
    return a === b
  }
}

/**
 * The cluster's config in ZooKeeper for the scope's life; one written here is deleted at its end. A
 * server that was killed holds its config lock and membership until its session times out, so the
 * delete is retried for `patienceMs` — worth it only in a ZooKeeper that outlives the cluster.
 */
const clusterConfig = (
  coord: Coordinator["Service"],
  spec: LocalClusterSpec,
  patienceMs: number
): Effect.Effect<void, ClusterError, Scope.Scope> =>
  Effect.gen(function* () {
    const { type, name } = spec
    const stored = yield* coord.readConfig(type, name).pipe(
      Effect.map((text): string | undefined => text),
      Effect.catchTag("CoordinatorError", (e) => (e.reason === "ConfigNotFound" ? Effect.succeed(undefined) : Effect.fail(e))),
      Effect.mapError(zkFailure(`read the config of ${type} "${name}"`))
    )
    if (stored !== undefined) {
      if (!sameConfig(stored, spec.config)) {
        return yield* Effect.fail(
          new ClusterError({
            reason: "BadConfig",
            message: `cannot write the config of ${type} "${name}": ZooKeeper ${coord.hosts} already holds a different one: ` +
              `delete it (juba config -c delete -t ${type} -n ${name} -z ${coord.hosts}) or choose another --name`
          })
        )
      }
      spec.progress(`using the same config already stored for ${type} "${name}" (it stays there)`)
      return
    }
    yield* Effect.acquireRelease(
      coord.writeConfig(type, name, spec.config).pipe(Effect.mapError(zkFailure(`write the config of ${type} "${name}"`))),
      () =>
        Effect.gen(function* () {
          spec.progress(`deleting the config of ${type} "${name}"`)
          const deadline = Date.now() + patienceMs
          for (;;) {
            const result = yield* Effect.result(coord.deleteConfig(type, name))
            if (result._tag === "Success") return
            const e = result.failure
            if (patienceMs === 0 || e.reason === "ConfigNotFound") return
            if ((e.reason === "ServerRunning" || e.reason === "LockBusy") && Date.now() < deadline) {
              yield* Effect.sleep(250)
              continue
            }
            spec.progress(`cannot delete the config of ${type} "${name}": ${e.message}`)
            return
          }
        })
    )
  })

/** Resolves once every server's `<ip>_<port>` is among the cluster's actives. */
const waitUntilActive = (
  coord: Coordinator["Service"],
  spec: LocalClusterSpec,
  servers: ReadonlyArray<ManagedProcess>,
  ids: ReadonlyArray<string>
): Effect.Effect<void, ClusterError> =>
  Effect.gen(function* () {
    const deadline = Date.now() + ACTIVES_TIMEOUT_MS
    for (;;) {
      const actives = yield* coord.listActives(spec.type, spec.name).pipe(Effect.mapError(zkFailure("list the active servers")))
      const present = new Set(actives.map((m) => m.id))
      const missing = ids.filter((id) => !present.has(id))
      if (missing.length === 0) return
      const gone = servers.find((s) => !s.running())
      if (gone !== undefined) {
        return yield* Effect.fail(
          new ClusterError({ reason: "StartFailed", message: `cannot start ${gone.role}: it exited:\n${gone.outputTail()}` })
        )
      }
      if (Date.now() > deadline) {
        return yield* Effect.fail(
          new ClusterError({
            reason: "StartFailed",
            message: `cannot start the servers: ${missing.join(", ")} not active in ${spec.type} "${spec.name}" after ${ACTIVES_TIMEOUT_MS / 1000} s`
          })
        )
      }
      yield* Effect.sleep(100)
    }
  })

/** Prints `line` when the scope closes, before the resources acquired so far are released. */
const announceRelease = (spec: LocalClusterSpec, line: string): Effect.Effect<void, never, Scope.Scope> =>
  Effect.addFinalizer(() => Effect.sync(() => spec.progress(line)))

export const localCluster = (spec: LocalClusterSpec): Effect.Effect<LocalCluster, ClusterError, Scope.Scope> =>
  Effect.gen(function* () {
    const { type, name } = spec
    const watched: Array<ManagedProcess> = []
    const endpoints: Array<Endpoint> = []

    // Before anything starts: a taken port is the likeliest mistake, and the cheapest to report.
    const bindHost = spec.listenAddr === "" ? "0.0.0.0" : spec.listenAddr
    const ip = advertisedIp(spec.listenAddr, "")
    const probeHost = bindHost === "0.0.0.0" ? "127.0.0.1" : bindHost
    const roles = [
      { role: "proxy", port: spec.proxyPort },
      ...Array.from({ length: spec.servers }, (_, i) => ({ role: `server ${i + 1}`, port: spec.basePort === 0 ? 0 : spec.basePort + i }))
    ]
    const [proxyPort, ...serverPorts] = yield* reservePorts(bindHost, roles)

    let hosts = spec.zookeeper
    if (hosts === undefined) {
      const install = spec.findZooKeeper()
      if (typeof install === "string") return yield* Effect.fail(new ClusterError({ reason: "NoZooKeeper", message: install }))
      spec.progress(`starting ZooKeeper from ${install.source}`)
      const zk = yield* localZooKeeper(install)
      yield* announceRelease(spec, "stopping ZooKeeper")
      hosts = zk.connectString
      watched.push(zk.process)
      endpoints.push({ role: "zookeeper", host: "127.0.0.1", port: zk.port, pid: zk.process.pid, note: `data in ${zk.dir}` })
    } else {
      const [host, port] = hosts.split(",")[0].split(":")
      endpoints.push({ role: "zookeeper", host, port: Number(port) || 2181, pid: undefined, note: "given with --zookeeper" })
    }

    // Nobody else knows a ZooKeeper started here: its config lock is never busy but for a killed server.
    const lockRetries = spec.zookeeper === undefined ? 0 : 3
    const coord = yield* Coordinator.make({ hosts, timeoutSec: 10, lockRetries }).pipe(Effect.mapError(zkFailure(`connect to ZooKeeper ${hosts}`)))
    yield* coord.prepareJubatus(type, name).pipe(Effect.mapError(zkFailure(`create the znodes of ${type} "${name}"`)))
    const running = yield* coord.listNodes(type, name).pipe(Effect.mapError(zkFailure(`list the servers of ${type} "${name}"`)))
    if (running.length > 0) {
      return yield* Effect.fail(
        new ClusterError({
          reason: "StartFailed",
          message: `cannot start ${type} "${name}": servers of that name already run (${running.map((m) => m.id).join(", ")}): stop them or choose another --name`
        })
      )
    }
    // A ZooKeeper started here takes the config with its data dir: no use waiting to delete it.
    yield* clusterConfig(coord, spec, spec.zookeeper === undefined ? 0 : CONFIG_DELETE_PATIENCE_MS)

    const bind = spec.listenAddr === "" ? [] : ["-b", spec.listenAddr]
    const juba = (role: string, args: ReadonlyArray<string>): ProcessSpec => ({
      role,
      file: spec.self.file,
      args: [...spec.self.prefix, ...args],
      argv0: spec.self.argv0
    })

    spec.progress(`starting a proxy and ${spec.servers} ${type} server${spec.servers === 1 ? "" : "s"} of "${name}"`)
    const proxy = yield* managedProcess(juba("proxy", ["proxy", "--type", type, "-z", hosts, "-p", String(proxyPort), ...bind]))
    yield* announceRelease(spec, "stopping the proxy")
    const servers = yield* managedGroup(
      serverPorts.map((port, i) =>
        juba(`server ${i + 1}`, [
          "server", "--type", type, "-z", hosts, "-n", name, "-p", String(port), ...bind,
          ...(spec.datadir === "" ? [] : ["-d", spec.datadir])
        ])
      )
    )
    yield* announceRelease(spec, `stopping ${spec.servers} server${spec.servers === 1 ? "" : "s"}`)
    watched.push(proxy, ...servers)

    yield* Effect.all(
      [
        waitUntilListening(proxy, probeHost, proxyPort, LISTEN_TIMEOUT_MS),
        ...servers.map((s, i) => waitUntilListening(s, probeHost, serverPorts[i], LISTEN_TIMEOUT_MS))
      ],
      { concurrency: "unbounded", discard: true }
    )
    yield* waitUntilActive(coord, spec, servers, serverPorts.map((port) => locString(ip, port)))

    endpoints.push({ role: "proxy", host: ip, port: proxyPort, pid: proxy.pid })
    servers.forEach((s, i) => endpoints.push({ role: s.role, host: ip, port: serverPorts[i], pid: s.pid }))
    return {
      endpoints,
      proxy: { host: ip, port: proxyPort },
      zookeeper: hosts,
      watch: firstUnexpectedEnd(watched)
    }
  })
