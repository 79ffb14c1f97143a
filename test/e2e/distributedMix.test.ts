// linear_mixer between real servers (spec §6.1): different data trained on different servers, a
// `do_mix` sent to one of them, and the mixed weights checked against averages worked out by hand for
// one feature — PA for the weights, AROW for the covariance (minimum, not average) — plus the
// update-count and time triggers.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { datumOf } from "../../mod.ts"
import { encodeValue } from "../../src/rpc/MsgpackWriter.ts"
import { startCluster, type Cluster } from "../support/cluster.ts"
import type { JubaProcess } from "../support/juba.ts"
import { RawClient } from "../support/rawClient.ts"
import { startZooKeeper, type ZooKeeperServer } from "../support/zookeeper.ts"

const numOnly = { num_rules: [{ key: "*", type: "num" }] }
const x = (value: number) => datumOf({ num: { x: value } })

/** `[0, id, "do_mix", []]` straight to a server; resolves with the whole response. */
const doMix = async (port: number, msgid = 1): Promise<unknown> => {
  const raw = await RawClient.connect(port)
  try {
    raw.send(encodeValue([0, msgid, "do_mix", []]))
    return await raw.next(10000)
  } finally {
    raw.close()
  }
}

/** Label → score of one datum as a server answers it (the order of labels is not part of the API). */
const scoresOn = async (cluster: Cluster, server: JubaProcess, value: number): Promise<Record<string, number>> =>
  Object.fromEntries((await cluster.client(server.port).classify([x(value)]))[0])

const statusOf = async (cluster: Cluster, server: JubaProcess): Promise<Record<string, string>> =>
  (await cluster.client(server.port).getStatus())[cluster.idOf(server)]

let zk: ZooKeeperServer
const clusters: Array<Cluster> = []

beforeAll(async () => {
  zk = await startZooKeeper()
}, 20000)

afterAll(async () => {
  for (const c of clusters) await c.stop()
  await zk?.stop()
})

/** Three servers with no periodic mix and no proxy: every mix in these tests is a `do_mix`. */
const manualCluster = async (name: string, config: unknown): Promise<Cluster> => {
  const c = await startCluster({ name, config, zookeeper: zk.connectString, proxy: false, serverArgs: ["-s", "0", "-i", "0"] })
  clusters.push(c)
  return c
}

describe("linear_mixer across three servers", () => {
  test("PA weights after do_mix are the average of every server's diff, on every server", async () => {
    const c = await manualCluster("pa", { method: "PA", converter: numOnly })
    const [a, b, idle] = c.servers
    // A: only label, score 0, loss 1, |x|² = 1 → τ = 1/2, w(x,pos) = 0.5.
    expect(await c.client(a.port).train([["pos", x(1)]])).toBe(1)
    // B: |x|² = 4 → τ = 1/8, w(x,neg) = τ·x = 0.25.
    expect(await c.client(b.port).train([["neg", x(2)]])).toBe(1)
    expect(await scoresOn(c, a, 1)).toEqual({ pos: 0.5 })
    expect(await scoresOn(c, idle, 1)).toEqual({})

    expect(await doMix(idle.port)).toEqual([1, 1, null, true])
    // Averaged over the three diffs (the idle server's is empty): pos 0.5/3, neg 0.25/3; at x = 3 that is 0.5 and 0.25.
    for (const s of c.servers) {
      const scores = await scoresOn(c, s, 3)
      expect(Object.keys(scores).sort()).toEqual(["neg", "pos"])
      expect(scores.pos).toBeCloseTo(0.5, 6)
      expect(scores.neg).toBeCloseTo(0.25, 6)
      expect(await c.client(s.port).getLabels()).toEqual({ pos: 1, neg: 1 })
      const status = await statusOf(c, s)
      expect(status.model_version).toBe("1")
      expect(status.num_features_diff).toBe("0")
      expect(status["linear_mixer.count"]).toBe("0")
    }

    // A second round builds on the mixed master: on A, s(pos) = 1/6 and s(neg) = 1/12 at x = 1, so
    // training neg has margin 1/12, loss 13/12, τ = 13/24: neg += 13/24, pos −= 13/24 in A's diff.
    await c.client(a.port).train([["neg", x(1)]])
    const onA = await scoresOn(c, a, 1)
    expect(onA.pos).toBeCloseTo(1 / 6 - 13 / 24, 6)
    expect(onA.neg).toBeCloseTo(1 / 12 + 13 / 24, 6)
    expect(await doMix(b.port, 2)).toEqual([1, 2, null, true])
    // A's diff divided by three on top of the first round: pos −1/72, neg 19/72.
    const after = await Promise.all(c.servers.map((s) => scoresOn(c, s, 1)))
    for (const scores of after) {
      expect(scores.pos).toBeCloseTo(-1 / 72, 6)
      expect(scores.neg).toBeCloseTo(19 / 72, 6)
      expect(scores).toEqual(after[0])
    }
    for (const s of c.servers) {
      expect(await c.client(s.port).getLabels()).toEqual({ pos: 1, neg: 2 })
      expect((await statusOf(c, s)).model_version).toBe("2")
    }
  })

  test("AROW covariances after do_mix are the minimum over the servers, not an average", async () => {
    const c = await manualCluster("arow", { method: "AROW", parameter: { regularization_weight: 1.0 }, converter: numOnly })
    const [a, b] = c.servers
    // With no rival yet the rival's covariance counts as 1: V = 2, β = α = 1/3 → w = 1/3, Σ = 2/3.
    await c.client(a.port).train([["pos", x(1)]])
    await c.client(b.port).train([["neg", x(1)]])
    expect(await doMix(a.port)).toEqual([1, 1, null, true])
    for (const s of c.servers) {
      const scores = await scoresOn(c, s, 1)
      expect(scores.pos).toBeCloseTo(1 / 9, 6)
      expect(scores.neg).toBeCloseTo(1 / 9, 6)
    }
    // On A: margin 0, V = Σpos + Σneg = 4/3 only if both covariances are min(2/3, 1, 1) = 2/3;
    // β = α = 3/7, so pos += 3/7 · 2/3 = 2/7 and neg −= 2/7. (Averaged covariances, 8/9, would give 0.431 / −0.209.)
    await c.client(a.port).train([["pos", x(1)]])
    const onA = await scoresOn(c, a, 1)
    expect(onA.pos).toBeCloseTo(25 / 63, 6)
    expect(onA.neg).toBeCloseTo(-11 / 63, 6)
    expect(await doMix(b.port, 2)).toEqual([1, 2, null, true])
    for (const s of c.servers) {
      const scores = await scoresOn(c, s, 1)
      expect(scores.pos).toBeCloseTo(1 / 9 + 2 / 21, 6)
      expect(scores.neg).toBeCloseTo(1 / 9 - 2 / 21, 6)
    }
  })

  test("a server mixes by itself after interval_count updates, and after interval_sec seconds", async () => {
    const c = await startCluster({ name: "auto", config: { method: "PA", converter: numOnly }, zookeeper: zk.connectString, proxy: false, servers: 2, serverArgs: ["-s", "1", "-i", "2"] })
    clusters.push(c)
    const [a, b] = c.servers
    const waitVersion = async (server: JubaProcess, version: string, timeoutMs: number): Promise<number> => {
      const started = Date.now()
      while ((await statusOf(c, server)).model_version !== version) {
        if (Date.now() - started > timeoutMs) throw new Error(`model_version of ${c.idOf(server)} is not ${version} after ${timeoutMs} ms`)
        await Bun.sleep(20)
      }
      return Date.now() - started
    }
    // Two update calls reach interval_count: the mixer is woken at once, not at its next tick.
    await c.client(a.port).train([["pos", x(1)]])
    await c.client(a.port).train([["pos", x(1)]])
    const byCount = await waitVersion(b, "1", 3000)
    expect(byCount).toBeLessThan(1000)
    expect(await c.client(b.port).getLabels()).toEqual({ pos: 2 })
    // One update does not reach the count; the time trigger mixes once more than a second has passed.
    await c.client(b.port).train([["neg", x(1)]])
    const byTime = await waitVersion(a, "2", 5000)
    expect(byTime).toBeGreaterThanOrEqual(500)
    expect(await c.client(a.port).getLabels()).toEqual({ pos: 2, neg: 1 })
    expect(await scoresOn(c, a, 1)).toEqual(await scoresOn(c, b, 1))
  })
})
