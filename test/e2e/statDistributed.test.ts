// jubastat distributed (spec §4.4, §6.1): three servers and a proxy on a real ZooKeeper, pushes routed
// by CHT on their key, a do_mix spreading the cluster-wide entropy terms to every member, and a member
// killed with SIGKILL while a client keeps pushing through the proxy.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { StatClient } from "../../mod.ts"
import { startCluster, type Cluster } from "../support/cluster.ts"
import { doMix } from "../support/traffic.ts"
import { startZooKeeper, type ZooKeeperServer } from "../support/zookeeper.ts"

const ZK_TIMEOUT_SEC = 2
const keys = Array.from({ length: 12 }, (_, i) => `k${i}`)

let zk: ZooKeeperServer
let cluster: Cluster
const clients: Array<StatClient> = []

const client = (port: number): StatClient => {
  const c = StatClient({ port, name: "stat", timeoutMs: 5000 })
  clients.push(c)
  return c
}

beforeAll(async () => {
  zk = await startZooKeeper()
  cluster = await startCluster({
    type: "stat",
    name: "stat",
    config: { window_size: 128 },
    zookeeper: zk.connectString,
    serverArgs: ["-s", "0", "-i", "0", "-Z", String(ZK_TIMEOUT_SEC)],
    proxyArgs: ["-Z", String(ZK_TIMEOUT_SEC)]
  })
}, 60000)

afterAll(async () => {
  for (const c of clients) c.close()
  await cluster?.stop()
  await zk?.stop()
})

describe("jubastat across three servers and a proxy", () => {
  test("each key's statistics live on its CHT owner and the proxy answers them", async () => {
    const proxy = client(cluster.proxy!.port)
    // key k_i gets i+1 pushes of values 1..i+1
    for (const [i, key] of keys.entries()) for (let v = 1; v <= i + 1; v++) expect(await proxy.push(key, v)).toBe(true)
    for (const [i, key] of keys.entries()) {
      const n = i + 1
      expect(await proxy.sum(key)).toBe((n * (n + 1)) / 2)
      expect(await proxy.max(key)).toBe(n)
      expect(await proxy.min(key)).toBe(1)
    }
    // Every key is on exactly one server (cht(1)).
    const holders = await Promise.all(
      keys.map(async (key) => {
        let count = 0
        for (const s of cluster.servers) {
          try {
            await client(s.port).sum(key)
            count++
          } catch {}
        }
        return count
      })
    )
    expect(holders).toEqual(keys.map(() => 1))
  })

  test("after do_mix every member answers the entropy of the whole cluster's key counts", async () => {
    expect(await doMix(cluster.servers[0].port)).toEqual([1, 1, null, true])
    const counts = keys.map((_, i) => i + 1)
    const total = counts.reduce((a, b) => a + b, 0)
    const e = counts.reduce((a, n) => a + n * Math.log(n), 0)
    const expected = Math.log(total) - e / total
    for (const s of cluster.servers) expect(await client(s.port).entropy("any")).toBeCloseTo(expected, 10)
  })

  // While the dead member's session lasts it still owns ring entries; the proxy sends a push whose owner
  // refuses the connection to the next member along the ring (Jubatus's proxy fails the call instead).
  test("a member killed with SIGKILL costs a client pushing through the proxy no errors", async () => {
    const proxy = client(cluster.proxy!.port)
    const victim = cluster.servers[0]
    const victimId = cluster.idOf(victim)
    let failuresAfterLeave = 0
    let failuresBeforeLeave = 0
    let left = false
    let pushed = 0
    let running = true
    const pusher = (async () => {
      while (running) {
        const leftWhenSent = left
        try {
          await proxy.push(`p${pushed % 50}`, pushed)
        } catch {
          if (leftWhenSent) failuresAfterLeave++
          else failuresBeforeLeave++
        }
        pushed++
      }
    })()
    await Bun.sleep(200)
    await victim.kill()
    await cluster.waitActives((ids) => !ids.includes(victimId), (ZK_TIMEOUT_SEC + 3) * 1000)
    await Bun.sleep(300) // the proxy's view of the ring follows the actives' watch
    left = true
    await Bun.sleep(1500)
    running = false
    await pusher
    console.log(`[stat failover] ${pushed} pushes, ${failuresBeforeLeave} failed while the dead member's session lasted, ${failuresAfterLeave} after`)
    expect(pushed).toBeGreaterThan(50)
    expect(failuresBeforeLeave).toBe(0)
    expect(failuresAfterLeave).toBe(0)
    for (let i = 0; i < 50; i++) expect(await proxy.push(`q${i}`, i)).toBe(true)
  }, 20000)
})
