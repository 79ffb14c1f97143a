// A distributed classifier for the cluster benchmark: a throw-away ZooKeeper (test/support), the config
// written with jubaconfig, one proxy and servers from dist/bin on loopback, each bound with
// `-b 127.0.0.1`; a server counts once it is listed under `…/actives`. `stop` ends them all by pid.
import * as fs from "node:fs"
import * as path from "node:path"
import { ZkSession } from "../../src/coord/ZkSession.ts"
import { freePort, type JubaProcess, runProgram } from "../../test/support/juba.ts"
import { startZooKeeper } from "../../test/support/zookeeper.ts"
import { benchDir, start } from "./processes.ts"

export interface BenchCluster {
  readonly name: string
  readonly proxy: JubaProcess
  readonly servers: Array<JubaProcess>
  /** Starts one more server with `args` and waits until it is active. */
  addServer(args?: ReadonlyArray<string>): Promise<JubaProcess>
  /** Stops one server and waits until it has left `actives`. */
  removeServer(server: JubaProcess): Promise<void>
  stop(): Promise<void>
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export const startBenchCluster = async (config: unknown, name = "bench"): Promise<BenchCluster> => {
  const zk = await startZooKeeper()
  const dir = benchDir("juba-bench-cluster-")
  const servers: Array<JubaProcess> = []
  let proxy: JubaProcess | undefined
  let session: ZkSession | undefined
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()))
    await proxy?.stop()
    await session?.close().catch(() => undefined)
    await zk.stop()
  }
  try {
    session = await ZkSession.connect({ hosts: zk.connectString, sessionTimeoutMs: 10000 })
    const file = path.join(dir, "config.json")
    fs.writeFileSync(file, JSON.stringify(config))
    const written = runProgram("jubaconfig", ["--cmd", "write", `--zookeeper=${zk.connectString}`, "--file", file, "--name", name, "--type", "classifier"])
    if (written.code !== 0) throw new Error(`jubaconfig write failed (${written.code}): ${written.stdout}${written.stderr}`)
    const proxyPort = await freePort()
    proxy = await start("jubaclassifier_proxy", ["-z", zk.connectString, "-b", "127.0.0.1", "-p", String(proxyPort)], proxyPort)
    const actives = `/jubatus/actors/classifier/${name}/actives`
    const waitActives = async (test: (ids: ReadonlyArray<string>) => boolean) => {
      const deadline = Date.now() + 30000
      for (;;) {
        const ids = await session!.children(actives).catch(() => [] as Array<string>)
        if (test(ids)) return
        if (Date.now() > deadline) throw new Error(`actives of classifier/${name} are ${JSON.stringify(ids)} after 30 s`)
        await sleep(50)
      }
    }
    const id = (s: JubaProcess) => `127.0.0.1_${s.port}`
    return {
      name,
      proxy,
      servers,
      addServer: async (args = []) => {
        const port = await freePort()
        const s = await start("jubaclassifier", ["-z", zk.connectString, "-n", name, "-b", "127.0.0.1", "-p", String(port), "-d", dir, ...args], port)
        servers.push(s)
        await waitActives((ids) => ids.includes(id(s)))
        return s
      },
      removeServer: async (s) => {
        await s.stop()
        servers.splice(servers.indexOf(s), 1)
        await waitActives((ids) => !ids.includes(id(s)))
      },
      stop
    }
  } catch (error) {
    await stop()
    throw error
  }
}
