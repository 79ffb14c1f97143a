// Servers coming and going under load (spec §2, §6.1, §7): a server killed with SIGKILL while clients
// train through the proxy, its session running out, a newcomer fetching the model with get_model, and
// servers and proxies that lose their ZooKeeper session registering again.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { datumOf } from "../../mod.ts"
import { startCluster, type Cluster } from "../support/cluster.ts"
import type { JubaProcess } from "../support/juba.ts"
import { zkTree } from "../support/zookeeper.ts"
import { doMix, load, probes, READERS, TRAINERS } from "../support/traffic.ts"

const config = { method: "PA", converter: { num_rules: [{ key: "*", type: "num" }] } }
/** Session timeout of every process here: a killed server's nodes are gone about this long after. */
const ZK_TIMEOUT_SEC = 2
/** Label → score per probe: the order of labels in a classify answer is not part of the API. */
const scoresOf = async (cluster: Cluster, server: JubaProcess) =>
  (await cluster.client(server.port).classify(probes)).map((r) => Object.fromEntries(r))

let cluster: Cluster

beforeAll(async () => {
  // Jubatus's default mix triggers (16 s / 512 updates): under this load the count trigger mixes often.
  cluster = await startCluster({ config, serverArgs: ["-Z", String(ZK_TIMEOUT_SEC)], proxyArgs: ["-Z", String(ZK_TIMEOUT_SEC)] })
}, 60000)

afterAll(async () => {
  await cluster?.stop()
})

describe("a cluster losing and gaining servers under load", () => {
  test("a server killed with SIGKILL costs clients no errors, and calls keep succeeding", async () => {
    let killedAt = Date.now()
    const traffic = load(cluster, () => killedAt)
    await Bun.sleep(300)
    const victim = cluster.servers[0]
    const victimId = cluster.idOf(victim)
    killedAt = Date.now()
    await victim.kill()
    // Until its session ends the dead server is still listed; a mix meanwhile skips it.
    expect(await doMix(cluster.servers[1].port)).toEqual([1, 1, null, true])
    await cluster.waitActives((ids) => !ids.includes(victimId), (ZK_TIMEOUT_SEC + 3) * 1000)
    const sessionEndedMs = Date.now() - killedAt
    expect(await cluster.nodes()).not.toContain(victimId)
    const before = traffic.counts()
    await Bun.sleep(1000)
    const after = traffic.counts()
    await traffic.stop()
    const retried = Number(Object.values(await cluster.client().getProxyStatus())[0].retried_count)

    console.log(
      `[failover] ${TRAINERS} trainers + ${READERS} readers via the proxy, one of 3 servers SIGKILLed: ` +
        `${traffic.trainFailures.length} train errors ${JSON.stringify(traffic.trainFailures.map((f) => f.atMs))} ms after the kill, ` +
        `${traffic.readFailures.length} read errors, ${retried} calls retried on another server; ` +
        `session gone after ${sessionEndedMs} ms (-Z ${ZK_TIMEOUT_SEC}); ` +
        `${after.trained - before.trained} trains/s afterwards`
    )
    // A refused connection and a connection dropped under a call are both retried on another member
    // (what the dead member applied died with it), so no client sees the death.
    expect(traffic.trainFailures).toEqual([])
    expect(traffic.readFailures).toEqual([])
    // The dead server stayed listed until its session ended: the proxy met its refusals and went elsewhere.
    expect(retried).toBeGreaterThan(0)
    // The session ends a timeout after the last packet ZooKeeper got from it (pings go every third of it).
    expect(sessionEndedMs).toBeGreaterThanOrEqual((ZK_TIMEOUT_SEC * 1000 * 2) / 3 - 300)
    expect(after.trained - before.trained).toBeGreaterThan(100)
    expect(after.read - before.read).toBeGreaterThan(10)
  }, 20000)

  test("a new server fetches the model with get_model, becomes active and classifies like the others", async () => {
    const survivors = cluster.servers.slice(1, 3)
    // A survivor left stale by the crash (a put_diff it missed) re-syncs and comes back by itself.
    await cluster.waitActives((ids) => survivors.every((s) => ids.includes(cluster.idOf(s))), 10000)
    expect(await doMix(survivors[0].port)).toEqual([1, 1, null, true])
    const reference = await scoresOf(cluster, survivors[0])
    expect(Object.keys(reference[0]).sort()).toEqual(["down", "up"])
    expect(await scoresOf(cluster, survivors[1])).toEqual(reference)

    const startedAt = Date.now()
    const newcomer = await cluster.addServer()
    const joinMs = Date.now() - startedAt
    const id = cluster.idOf(newcomer)
    expect(await cluster.nodes()).toContain(id)
    expect(await cluster.actives()).toContain(id)
    console.log(`[failover] a new server was started and active after ${joinMs} ms`)
    // No mix since it joined: what it knows came from get_model.
    expect(await scoresOf(cluster, newcomer)).toEqual(reference)
    expect(await cluster.client(newcomer.port).getLabels()).toEqual(await cluster.client(survivors[0].port).getLabels())
    const status = (await cluster.client(newcomer.port).getStatus())[id]
    expect(status["linear_mixer.is_obsolete"]).toBe("0")
    expect(status.model_version).toBe((await cluster.client(survivors[0].port).getStatus())[cluster.idOf(survivors[0])].model_version)

    // It takes its share of new training through the proxy (a new label, so every call updates), and
    // one more mix makes all three agree.
    const client = cluster.client()
    for (let i = 0; i < 60; i++) await client.train([["flat", datumOf({ num: { x: (i % 7) / 10, bias: 1 } })]])
    expect(await doMix(newcomer.port)).toEqual([1, 1, null, true])
    const mixed = await scoresOf(cluster, newcomer)
    expect(Object.keys(mixed[0]).sort()).toEqual(["down", "flat", "up"])
    for (const s of survivors) expect(await scoresOf(cluster, s)).toEqual(mixed)
  }, 20000)

  test("a server and a proxy whose ZooKeeper session expired register again and keep serving", async () => {
    const server = cluster.servers[2]
    const proxy = cluster.proxy!
    const id = cluster.idOf(server)
    // Frozen past the session timeout, each finds its session expired when it runs again.
    process.kill(server.pid, "SIGSTOP")
    process.kill(proxy.pid, "SIGSTOP")
    await Bun.sleep(ZK_TIMEOUT_SEC * 1000 + 1500)
    expect(await cluster.nodes()).not.toContain(id)
    process.kill(server.pid, "SIGCONT")
    process.kill(proxy.pid, "SIGCONT")
    const deadline = Date.now() + 10000
    while (Date.now() < deadline && !((await cluster.actives()).includes(id) && (await zkTree(cluster.zookeeper)).includes(`/jubatus/jubaproxies/classifier/127.0.0.1_${proxy.port} [EPHEMERAL]`)))
      await Bun.sleep(100)
    expect(await cluster.nodes()).toContain(id)
    expect(await cluster.actives()).toContain(id)
    expect(server.child.exitCode).toBeNull()
    expect(proxy.child.exitCode).toBeNull()
    const status = (await cluster.client(server.port).getStatus())[id]
    expect(Number(status.zk_session_expirations)).toBeGreaterThanOrEqual(1)
    expect(status.zk_session_state).toBe("connected")
    const proxyStatus = Object.values(await cluster.client().getProxyStatus())[0]
    expect(Number(proxyStatus.zk_session_expirations)).toBeGreaterThanOrEqual(1)
    // Through the proxy, the re-registered cluster answers as before.
    expect(await cluster.client().train([["up", datumOf({ num: { x: 1, bias: 1 } })]])).toBe(1)
  }, 20000)
})
