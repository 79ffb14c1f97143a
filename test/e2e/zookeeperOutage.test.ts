// A cluster whose ZooKeeper goes away for a few seconds: calls keep being served (servers need no
// coordination for them, the proxy routes by the members it last saw), readiness says what is missing,
// and everything carries on when it is back. Also a server's readiness before and after it joined `actives`.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { startCluster, type Cluster } from "../support/cluster.ts"
import { freePort } from "../support/juba.ts"
import { load } from "../support/traffic.ts"

const config = { method: "PA", converter: { num_rules: [{ key: "*", type: "num" }] } }
const ZK_TIMEOUT_SEC = 8

let cluster: Cluster
let httpPort: number

const readyz = async (): Promise<{ status: number; text: string }> => {
  try {
    const r = await fetch(`http://127.0.0.1:${httpPort}/readyz`)
    return { status: r.status, text: await r.text() }
  } catch (e) {
    return { status: 0, text: String(e) }
  }
}

const waitFor = async (what: () => Promise<boolean>, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await what()) return true
    await Bun.sleep(50)
  }
  return false
}

beforeAll(async () => {
  httpPort = await freePort()
  cluster = await startCluster({ config, servers: 2, serverArgs: ["-Z", String(ZK_TIMEOUT_SEC)], proxyArgs: ["-Z", String(ZK_TIMEOUT_SEC)] })
}, 60000)

afterAll(async () => {
  await cluster?.stop()
})

describe("a ZooKeeper outage of a few seconds", () => {
  test("a server is ready only once it is in actives", async () => {
    const server = await cluster.addServer({ args: ["--http-port", String(httpPort)], waitActive: false })
    const id = cluster.idOf(server)
    // Every answer of /readyz agrees with ZooKeeper at that moment: never ready while not active.
    const became = await waitFor(async () => {
      const actives = await cluster.actives()
      const r = await readyz()
      if (r.status === 200) expect(actives.includes(id) || (await cluster.actives()).includes(id)).toBe(true)
      return r.status === 200
    }, 10000)
    expect(became).toBe(true)
    expect((await cluster.actives()).includes(id)).toBe(true)
  }, 20000)

  test("costs clients no errors, says not ready meanwhile, and all is well when it is back", async () => {
    const started = Date.now()
    const traffic = load(cluster, () => started)
    await Bun.sleep(300)
    await cluster.zk!.kill()
    expect(await waitFor(async () => (await readyz()).status === 503, 5000)).toBe(true)
    expect((await readyz()).text).toContain("ZooKeeper session")
    await Bun.sleep(1500)
    const during = traffic.counts()
    await cluster.zk!.restart()
    const back = await waitFor(async () => (await readyz()).status === 200, 30000)
    if (!back) console.log(`[zookeeper outage] still not ready: ${(await readyz()).text}\n${cluster.servers[cluster.servers.length - 1].output().slice(-3000)}`)
    expect(back).toBe(true)
    await Bun.sleep(300)
    await traffic.stop()
    console.log(
      `[zookeeper outage] ${traffic.trainFailures.length} train and ${traffic.readFailures.length} read errors; ${during.trained} trains by the restart` +
        ` ${JSON.stringify([...new Set([...traffic.trainFailures, ...traffic.readFailures].map((f) => f.message))])}`
    )
    expect(traffic.trainFailures).toEqual([])
    expect(traffic.readFailures).toEqual([])
    expect(during.trained).toBeGreaterThan(10)
    // Every member is connected and listed again: on the same session, or, where the ZooKeeper client
    // did not get back within the session timeout, on a new one it registered with.
    for (const server of cluster.servers) {
      const statusOf = async () => Object.values(await cluster.client(server.port).getStatus())[0]
      expect(await waitFor(async () => (await statusOf()).zk_session_state === "connected", 20000)).toBe(true)
    }
    const rejoined = await waitFor(async () => (await cluster.actives()).length === 3, 20000)
    if (!rejoined) {
      console.log(`[zookeeper outage] nodes ${await cluster.nodes()} actives ${await cluster.actives()}`)
      for (const server of cluster.servers) {
        const st = Object.values(await cluster.client(server.port).getStatus())[0]
        console.log(`${cluster.idOf(server)} state=${st.zk_session_state} expirations=${st.zk_session_expirations} obsolete=${st["linear_mixer.is_obsolete"]}\n${server.output().slice(-1500)}`)
      }
    }
    expect(rejoined).toBe(true)
  }, 60000)
})
