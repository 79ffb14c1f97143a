// jubaregression distributed (spec §2, §6.1): three servers and a proxy from the compiled binary on a
// real ZooKeeper; different data trained on different servers, a do_mix, every member estimating
// alike; then a server killed with SIGKILL under traffic through the proxy, costing the client nothing.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { datumOf, RegressionClient } from "../../mod.ts"
import { startCluster, type Cluster } from "../support/cluster.ts"
import { doMix } from "../support/traffic.ts"
import { startZooKeeper, type ZooKeeperServer } from "../support/zookeeper.ts"

const config = {
  method: "AROW",
  parameter: { regularization_weight: 1, sensitivity: 0.1 },
  converter: { num_rules: [{ key: "*", type: "num" }] }
}
const x = (value: number) => datumOf({ num: { x: value, bias: 1 } })

let zk: ZooKeeperServer
let cluster: Cluster
const clients: Array<RegressionClient> = []

const clientOf = (port: number): RegressionClient => {
  const c = RegressionClient({ port, name: cluster.name, timeoutMs: 5000 })
  clients.push(c)
  return c
}

beforeAll(async () => {
  zk = await startZooKeeper()
  cluster = await startCluster({
    type: "regression",
    name: "reg",
    config,
    zookeeper: zk.connectString,
    serverArgs: ["-s", "0", "-i", "0", "-Z", "2"],
    proxyArgs: ["-Z", "2"]
  })
}, 60000)

afterAll(async () => {
  for (const c of clients) c.close()
  await cluster?.stop()
  await zk?.stop()
})

describe("jubaregression across three servers and a proxy", () => {
  test("after do_mix every member estimates alike", async () => {
    const [a, b, c] = cluster.servers
    expect(await clientOf(a.port).train([[1, x(1)], [2, x(2)]])).toBe(2)
    expect(await clientOf(b.port).train([[-3, x(-1)]])).toBe(1)
    expect(await clientOf(c.port).estimate([x(1)])).toEqual([0])
    expect(await doMix(c.port)).toEqual([1, 1, null, true])
    const reference = await clientOf(a.port).estimate([x(1), x(3)])
    expect(reference[0]).not.toBe(0)
    for (const s of [b, c]) {
      const got = await clientOf(s.port).estimate([x(1), x(3)])
      expect(got[0]).toBeCloseTo(reference[0], 9)
      expect(got[1]).toBeCloseTo(reference[1], 9)
    }
    const status = (await clientOf(a.port).getStatus())[cluster.idOf(a)]
    expect(status).toMatchObject({ model_version: "1", num_features_diff: "0", storage: "local_storage_mixture" })
  }, 20000)

  test("a server killed with SIGKILL costs clients of the proxy no errors", async () => {
    const proxy = clientOf(cluster.proxy!.port)
    const errors: Array<string> = []
    let calls = 0
    let running = true
    const loop = (async () => {
      let i = 0
      while (running) {
        try {
          await proxy.train([[i % 5, x(i % 5)]])
          await proxy.estimate([x(2)])
          calls++
        } catch (e) {
          errors.push(String(e))
        }
        i++
      }
    })()
    await Bun.sleep(300)
    await cluster.servers[0].kill()
    await Bun.sleep(1500)
    running = false
    await loop
    expect(errors).toEqual([])
    expect(calls).toBeGreaterThan(20)
  }, 20000)
})
