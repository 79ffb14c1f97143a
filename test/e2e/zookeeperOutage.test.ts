// A cluster whose ZooKeeper goes away for less than the session timeout: calls that need no
// coordination keep being served, readiness says what is missing, and everything carries on when it
// is back. Also a server's readiness before and after it joined `actives`.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { startCluster, type Cluster } from "../support/cluster.ts"
import { freePort } from "../support/juba.ts"
import { load } from "../support/traffic.ts"

const config = { method: "PA", converter: { num_rules: [{ key: "*", type: "num" }] } }
const ZK_TIMEOUT_SEC = 20

let cluster: Cluster
let httpPort: number

const readyz = async (): Promise<{ status: number; text: string }> => {
  const r = await fetch(`http://127.0.0.1:${httpPort}/readyz`)
  return { status: r.status, text: await r.text() }
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

describe("a ZooKeeper outage shorter than the session timeout", () => {
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
    expect(await waitFor(async () => (await readyz()).status === 200, 15000)).toBe(true)
    await Bun.sleep(300)
    await traffic.stop()
    console.log(`[zookeeper outage] ${traffic.trainFailures.length} train and ${traffic.readFailures.length} read errors; ${during.trained} trains by the restart`)
    expect(traffic.trainFailures).toEqual([])
    expect(traffic.readFailures).toEqual([])
    expect(during.trained).toBeGreaterThan(10)
    // The sessions survived: nobody re-registered, every member still listed.
    expect((await cluster.actives()).length).toBe(3)
    const status = Object.values(await cluster.client(cluster.servers[0].port).getStatus())[0]
    expect(status.zk_session_expirations).toBe("0")
    expect(status.zk_session_state).toBe("connected")
  }, 40000)
})
