// A whole distributed cluster from the compiled binary for end-to-end tests: a ZooKeeper (started here
// or given), the config written with jubaconfig, one proxy and N servers on loopback, each bound with
// `-b 127.0.0.1`. Readiness is what a client sees: a server counts as up once it is listed under
// `…/actives`. Everything started here is stopped by pid in `stop`.
import * as fs from "node:fs"
import * as path from "node:path"
import { ClassifierClient } from "../../mod.ts"
import { ZkSession } from "../../src/coord/ZkSession.ts"
import { freePort, runProgram, startProgram, tempDir, type JubaProcess } from "./juba.ts"
import { startZooKeeper, type ZooKeeperServer } from "./zookeeper.ts"

export interface ClusterOptions {
  /** Engine type (default `classifier`). */
  readonly type?: string
  /** Cluster name (default `tutorial`, as in Jubatus's distributed tutorial). */
  readonly name?: string
  /** The cluster config, written with `jubaconfig --cmd write`. */
  readonly config: unknown
  /** Servers started at once (default 3). */
  readonly servers?: number
  /** Start a proxy (default true). */
  readonly proxy?: boolean
  /** A ZooKeeper connect string to use instead of starting a standalone server here. */
  readonly zookeeper?: string
  /** Extra server arguments, e.g. `["-s", "0", "-i", "0", "-Z", "2"]`. */
  readonly serverArgs?: ReadonlyArray<string>
  /** Extra proxy arguments. */
  readonly proxyArgs?: ReadonlyArray<string>
  /** How long a new server may take to become active (ms, default 15 s). */
  readonly activeTimeoutMs?: number
}

export interface Cluster {
  readonly type: string
  readonly name: string
  /** The `-z` string every process got. */
  readonly zookeeper: string
  /** The ZooKeeper started for this cluster (undefined when `options.zookeeper` was given). */
  readonly zk: ZooKeeperServer | undefined
  readonly proxy: JubaProcess | undefined
  /** Servers started so far (killed ones stay listed). */
  readonly servers: Array<JubaProcess>
  readonly dir: string
  /** `127.0.0.1_<port>` of a server. */
  idOf(server: JubaProcess): string
  /** Starts one more server; resolves once it is in `actives` unless `waitActive` is false. */
  addServer(options?: { readonly args?: ReadonlyArray<string>; readonly waitActive?: boolean }): Promise<JubaProcess>
  /** Sorted children of `…/nodes` / `…/actives` right now. */
  nodes(): Promise<Array<string>>
  actives(): Promise<Array<string>>
  /** Polls `actives` until `test` holds; resolves with the list, rejects after `timeoutMs`. */
  waitActives(test: (ids: ReadonlyArray<string>) => boolean, timeoutMs?: number): Promise<Array<string>>
  /** A classifier client of the proxy (or of `port`), with the cluster name. */
  client(port?: number, options?: { readonly timeoutMs?: number; readonly name?: string }): ClassifierClient
  /** Kills every process started here (servers, proxy, then ZooKeeper) and removes the temp dir. */
  stop(): Promise<void>
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A session kept for the cluster's polls, so that each poll costs one round trip. */
const openSession = (connectString: string) => ZkSession.connect({ hosts: connectString, sessionTimeoutMs: 10000 })

export const startCluster = async (options: ClusterOptions): Promise<Cluster> => {
  const type = options.type ?? "classifier"
  const name = options.name ?? "tutorial"
  const dir = tempDir("juba-cluster-")
  const clients: Array<{ close: () => void }> = []
  const servers: Array<JubaProcess> = []
  let proxy: JubaProcess | undefined
  let zk: ZooKeeperServer | undefined
  let session: ZkSession | undefined

  const stop = async () => {
    for (const c of clients) c.close()
    // A process that ended by itself with a failure explains a failing test: show what it said.
    for (const p of proxy === undefined ? servers : [...servers, proxy]) {
      const { exitCode, signalCode } = p.child
      if ((exitCode !== null && exitCode !== 0) || (signalCode !== null && signalCode !== "SIGKILL" && signalCode !== "SIGTERM")) {
        process.stderr.write(`process ${p.pid} (port ${p.port}) ended with ${exitCode ?? signalCode}:\n${p.output()}\n`)
      }
    }
    await Promise.all(servers.map((s) => s.kill()))
    await proxy?.kill()
    await session?.close().catch(() => undefined)
    await zk?.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }

  try {
    if (options.zookeeper === undefined) zk = await startZooKeeper()
    const zookeeper = options.zookeeper ?? zk!.connectString
    session = await openSession(zookeeper)
    const configFile = path.join(dir, "config.json")
    fs.writeFileSync(configFile, typeof options.config === "string" ? options.config : JSON.stringify(options.config))
    const written = runProgram("jubaconfig", ["--cmd", "write", `--zookeeper=${zookeeper}`, "--file", configFile, "--name", name, "--type", type])
    if (written.code !== 0) throw new Error(`jubaconfig write failed (${written.code}): ${written.stdout}${written.stderr}`)

    const base = `/jubatus/actors/${type}/${name}`
    const list = async (leaf: string): Promise<Array<string>> => {
      try {
        return await session!.children(`${base}/${leaf}`)
      } catch {
        // The polling session may have died with a ZooKeeper outage under test: open a fresh one.
        await session?.close().catch(() => undefined)
        session = await openSession(zookeeper).catch(() => session)
        return session!.children(`${base}/${leaf}`).catch(() => [])
      }
    }
    const waitActives = async (test: (ids: ReadonlyArray<string>) => boolean, timeoutMs = options.activeTimeoutMs ?? 15000) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const ids = await list("actives")
        if (test(ids)) return ids
        if (Date.now() > deadline) throw new Error(`actives of ${type}/${name} are ${JSON.stringify(ids)} after ${timeoutMs} ms`)
        await sleep(50)
      }
    }
    const idOf = (server: JubaProcess) => `127.0.0.1_${server.port}`

    const addServer = async (o: { readonly args?: ReadonlyArray<string>; readonly waitActive?: boolean } = {}) => {
      const port = await freePort()
      const server = await startProgram(
        `juba${type}`,
        ["-z", zookeeper, "-n", name, "-p", String(port), "-b", "127.0.0.1", "-d", dir, ...(options.serverArgs ?? []), ...(o.args ?? [])],
        port
      )
      servers.push(server)
      if (o.waitActive !== false) await waitActives((ids) => ids.includes(idOf(server)))
      return server
    }

    if (options.proxy !== false) {
      const port = await freePort()
      proxy = await startProgram(`juba${type}_proxy`, ["-z", zookeeper, "-p", String(port), "-b", "127.0.0.1", ...(options.proxyArgs ?? [])], port)
    }
    // One at a time, as an operator would: each newcomer finds the earlier ones to fetch the model from.
    for (let i = 0; i < (options.servers ?? 3); i++) await addServer()

    return {
      type,
      name,
      zookeeper,
      zk,
      proxy,
      servers,
      dir,
      idOf,
      addServer,
      nodes: () => list("nodes"),
      actives: () => list("actives"),
      waitActives,
      client: (port, o = {}) => {
        const target = port ?? proxy?.port
        if (target === undefined) throw new Error("cluster has no proxy: give a server port")
        const c = ClassifierClient({ port: target, name: o.name ?? name, timeoutMs: o.timeoutMs })
        clients.push(c)
        return c
      },
      stop
    }
  } catch (error) {
    await stop()
    throw error
  }
}
