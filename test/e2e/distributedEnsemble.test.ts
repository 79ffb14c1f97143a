// A cluster on a three-member ZooKeeper ensemble on loopback whose leader is killed (spec §2 session
// handling): every process reconnects to a surviving member within its session timeout, keeps its
// ephemeral nodes, and clients of the proxy see no error.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { datumOf } from "../../mod.ts"
import { encodeValue } from "../../src/rpc/MsgpackWriter.ts"
import { startCluster, type Cluster } from "../support/cluster.ts"
import { runProgram } from "../support/juba.ts"
import { RawClient } from "../support/rawClient.ts"
import { startEnsemble, type ZooKeeperEnsemble, type ZooKeeperServer } from "../support/zookeeper.ts"

const config = { method: "PA", converter: { num_rules: [{ key: "*", type: "num" }] } }
/** Long enough to ride out an election (under a second here), short enough for a test. */
const ZK_TIMEOUT_SEC = 4
const probe = datumOf({ num: { x: 1, bias: 1 } })

/** Scores as label → score maps: the order of labels in a classify answer is not part of the API. */
const asMaps = (results: ReadonlyArray<ReadonlyArray<[string, number]>>) => results.map((r) => Object.fromEntries(r))

const doMix = async (port: number): Promise<unknown> => {
  const raw = await RawClient.connect(port)
  try {
    raw.send(encodeValue([0, 1, "do_mix", []]))
    return await raw.next(10000)
  } finally {
    raw.close()
  }
}

let ensemble: ZooKeeperEnsemble
let cluster: Cluster

beforeAll(async () => {
  ensemble = await startEnsemble(3)
  cluster = await startCluster({
    config,
    zookeeper: ensemble.connectString,
    serverArgs: ["-Z", String(ZK_TIMEOUT_SEC)],
    proxyArgs: ["-Z", String(ZK_TIMEOUT_SEC)]
  })
}, 60000)

afterAll(async () => {
  await cluster?.stop()
  await ensemble?.stop()
})

describe("a cluster on a ZooKeeper ensemble", () => {
  let oldLeader: ZooKeeperServer

  test("keeps serving through the proxy while the ensemble's leader is killed", async () => {
    let running = true
    let calls = 0
    const failures: Array<string> = []
    const loops = Array.from({ length: 4 }, async (_, k) => {
      const client = cluster.client()
      for (let i = k; running; i++) {
        const call = i % 4 === 0 ? client.classify([probe]) : client.train([[i % 2 === 0 ? "up" : "down", datumOf({ num: { x: i % 2 === 0 ? 1 : -1, bias: 1 } })]])
        await call.then(() => calls++, (e: Error) => failures.push(e.message))
      }
    })
    await Bun.sleep(500)
    oldLeader = await ensemble.leader()
    const killedAt = Date.now()
    await oldLeader.kill()
    const newLeader = await ensemble.leader()
    const electionMs = Date.now() - killedAt
    const callsAtElection = calls
    await Bun.sleep(3000)
    running = false
    await Promise.all(loops)
    console.log(
      `[ensemble] leader ${oldLeader.port} killed: new leader ${newLeader.port} after ${electionMs} ms; ` +
        `${calls} calls through the proxy, ${failures.length} failed${failures.length > 0 ? `: ${failures.slice(0, 3).join("; ")}` : ""}`
    )
    expect(newLeader.port).not.toBe(oldLeader.port)
    expect(failures).toEqual([])
    expect(calls - callsAtElection).toBeGreaterThan(1000)
    // Nobody's session ended: every server is still a member and active.
    const ids = cluster.servers.map((s) => cluster.idOf(s)).sort()
    expect(await cluster.nodes()).toEqual(ids)
    expect(await cluster.actives()).toEqual(ids)
  }, 30000)

  test("still mixes afterwards, and every process talks to a surviving member", async () => {
    expect(await doMix(cluster.servers[0].port)).toEqual([1, 1, null, true])
    const expected = asMaps(await cluster.client(cluster.servers[0].port).classify([probe]))
    expect(Object.keys(expected[0]).sort()).toEqual(["down", "up"])
    for (const s of cluster.servers) expect(asMaps(await cluster.client(s.port).classify([probe]))).toEqual(expected)
    const survivors = ensemble.members.filter((m) => m !== oldLeader).map((m) => m.connectString)
    const status = await cluster.client().getStatus()
    for (const s of Object.values(status)) expect(survivors).toContain(s.connected_zookeeper)
    const proxyStatus = Object.values(await cluster.client().getProxyStatus())[0]
    expect(survivors).toContain(proxyStatus.connected_zookeeper)
    // jubaconfig finds a live member in the same connect string.
    const read = runProgram("jubaconfig", ["--cmd", "read", `--zookeeper=${ensemble.connectString}`, "--type", "classifier", "--name", "tutorial"])
    expect(read).toMatchObject({ code: 0, stdout: JSON.stringify(config) })
  }, 30000)
})
