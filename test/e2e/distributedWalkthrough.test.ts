// Jubatus's distributed tutorial against real processes: jubaconfig writes the config to a real
// ZooKeeper, a proxy and three servers register, and a client of the proxy runs the same code as a
// client of a standalone server. Also the proxy's refusals on the wire (spec §3, §7).
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { ClassifierClient, datumOf, type Datum } from "../../mod.ts"
import { encodeValue } from "../../src/rpc/MsgpackWriter.ts"
import { samples } from "../fixtures/wireSamples.ts"
import { startCluster, type Cluster } from "../support/cluster.ts"
import { freePort, sharedData, startProgram, tempDir, type JubaProcess } from "../support/juba.ts"
import { RawClient } from "../support/rawClient.ts"
import { zkTree } from "../support/zookeeper.ts"

/** The config of spec/wire-samples.md, byte for byte (jubaconfig stores the file as it is). */
const CONFIG_TEXT =
  '{"method":"AROW","parameter":{"regularization_weight":1.0},"converter":{"string_filter_types":{},"string_filter_rules":[],"num_filter_types":{},"num_filter_rules":[],"string_types":{},"string_rules":[{"key":"*","type":"str","sample_weight":"bin","global_weight":"bin"}],"num_types":{},"num_rules":[{"key":"*","type":"num"}]}}\n'

// The tree C++ Jubatus 1.1.1 left after jubaconfig, three servers and a proxy (spec/wire-samples.md),
// for cluster "tutorial". There jubaconfig ran twice, so the servers' read locks got sequence 2–4;
// here it ran once (its write lock took 0), so they get 1–3.
const JUBATUS_TREE = [
  "/jubatus",
  "/jubatus/actors",
  "/jubatus/actors/classifier",
  "/jubatus/actors/classifier/tutorial",
  "/jubatus/actors/classifier/tutorial/actives",
  "/jubatus/actors/classifier/tutorial/actives/127.0.0.1_9201 [EPHEMERAL]",
  "/jubatus/actors/classifier/tutorial/actives/127.0.0.1_9202 [EPHEMERAL]",
  "/jubatus/actors/classifier/tutorial/actives/127.0.0.1_9203 [EPHEMERAL]",
  "/jubatus/actors/classifier/tutorial/config_lock",
  "/jubatus/actors/classifier/tutorial/config_lock/rlock_0000000001 [EPHEMERAL]",
  "/jubatus/actors/classifier/tutorial/config_lock/rlock_0000000002 [EPHEMERAL]",
  "/jubatus/actors/classifier/tutorial/config_lock/rlock_0000000003 [EPHEMERAL]",
  "/jubatus/actors/classifier/tutorial/master_lock",
  "/jubatus/actors/classifier/tutorial/nodes",
  "/jubatus/actors/classifier/tutorial/nodes/127.0.0.1_9201 [EPHEMERAL]",
  "/jubatus/actors/classifier/tutorial/nodes/127.0.0.1_9202 [EPHEMERAL]",
  "/jubatus/actors/classifier/tutorial/nodes/127.0.0.1_9203 [EPHEMERAL]",
  "/jubatus/config",
  "/jubatus/config/classifier",
  `/jubatus/config/classifier/tutorial data='${CONFIG_TEXT}'`,
  "/jubatus/jubaproxies",
  "/jubatus/jubaproxies/classifier",
  "/jubatus/jubaproxies/classifier/127.0.0.1_9198 [EPHEMERAL]",
  "/jubatus/supervisors"
]

const loadDigits = (): { train: Array<[string, Datum]>; test: Array<[string, Datum]> } => {
  const rows = fs.readFileSync(path.join(sharedData, "digits.jsonl"), "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l))
  const toPair = (r: { label: string; num: Record<string, number> }): [string, Datum] => [r.label, datumOf({ num: r.num })]
  return { train: rows.filter((r) => r.split === "train").map(toPair), test: rows.filter((r) => r.split !== "train").map(toPair) }
}

const argmax = (scores: ReadonlyArray<[string, number]>): string => scores.reduce((a, b) => (b[1] > a[1] ? b : a))[0]

/**
 * The tutorial's client code, written once: it knows nothing of proxies. `settle` is the one place a
 * cluster differs (a mix, so that every server has every example); standalone it does nothing.
 */
const tutorial = async (client: ClassifierClient, settle: () => Promise<void>) => {
  const digits = loadDigits()
  const cleared = await client.clear()
  let trained = 0
  for (let i = 0; i < digits.train.length; i += 100) trained += await client.train(digits.train.slice(i, i + 100))
  await settle()
  const scores = await client.classify(digits.test.map(([, d]) => d))
  const accuracy = digits.test.filter(([label], i) => argmax(scores[i]) === label).length / digits.test.length
  const labels = await client.getLabels()
  const added = [await client.setLabel("eggs"), await client.setLabel("eggs")]
  const eggs = (await client.getLabels()).eggs
  const deleted = [await client.deleteLabel("eggs"), await client.deleteLabel("eggs")]
  const config = await client.getConfig()
  return { transcript: { cleared, trained, labels, added, eggs, deleted, config, classes: scores.map((s) => s.length) }, accuracy }
}

/** `[0, id, "do_mix", []]` straight to a server, as jubactl's users do; resolves with the response. */
const doMix = async (port: number, msgid = 7, timeoutMs = 10000): Promise<unknown> => {
  const raw = await RawClient.connect(port)
  try {
    raw.send(encodeValue([0, msgid, "do_mix", []]))
    return await raw.next(timeoutMs)
  } finally {
    raw.close()
  }
}

let cluster: Cluster
let standalone: JubaProcess
const dir = tempDir()

beforeAll(async () => {
  // No periodic mix: the tree snapshot must not catch a master_lock child, and mixes are explicit.
  cluster = await startCluster({ config: CONFIG_TEXT, serverArgs: ["-s", "0", "-i", "0"] })
  const configFile = path.join(dir, "config.json")
  fs.writeFileSync(configFile, CONFIG_TEXT)
  const port = await freePort()
  standalone = await startProgram("jubaclassifier", ["-f", configFile, "-p", String(port), "-b", "127.0.0.1", "-d", dir], port)
}, 60000)

afterAll(async () => {
  await standalone?.kill()
  await cluster?.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe("Jubatus's distributed tutorial on loopback", () => {
  test("jubaconfig, a proxy and three servers leave the ZooKeeper tree C++ Jubatus leaves", async () => {
    const tree = await zkTree(cluster.zookeeper, { withData: true })
    // Name the real ports as the recording did: servers in sorted order 9201–9203, the proxy 9198.
    const ids = cluster.servers.map((s) => cluster.idOf(s)).sort()
    const rename = (line: string) =>
      ids.reduce((l, id, i) => l.replace(id, `127.0.0.1_${9201 + i}`), line).replace(`127.0.0.1_${cluster.proxy!.port}`, "127.0.0.1_9198")
    expect(tree.map(rename)).toEqual(JUBATUS_TREE)
  })

  test("a client of the proxy with the name \"tutorial\" runs the standalone tutorial unchanged", async () => {
    const alone = await tutorial(ClassifierClient({ port: standalone.port }), async () => undefined)
    const viaProxy = await tutorial(cluster.client(), async () => {
      expect(await doMix(cluster.servers[0].port)).toEqual([1, 7, null, true])
    })
    expect(viaProxy.transcript).toEqual(alone.transcript)
    // Every label's count is the sum over the servers the proxy spread the batches over.
    expect(Object.values(viaProxy.transcript.labels).reduce((a, b) => a + b, 0)).toBe(1348)
    expect(viaProxy.transcript.added).toEqual([true, false])
    expect(viaProxy.transcript.config).toBe(CONFIG_TEXT)
    expect(alone.accuracy).toBeGreaterThanOrEqual(0.9)
    // The mixed model averages three servers that each saw a third of the data.
    expect(viaProxy.accuracy).toBeGreaterThanOrEqual(0.85)
  })

  test("get_status through the proxy merges every server's status", async () => {
    const status = await cluster.client().getStatus()
    expect(Object.keys(status).sort()).toEqual(cluster.servers.map((s) => cluster.idOf(s)).sort())
    for (const server of cluster.servers) {
      const s = status[cluster.idOf(server)]
      expect(s.pid).toBe(String(server.pid))
      expect(s.name).toBe("tutorial")
      expect(s.is_standalone).toBe("0")
      expect(s.configpath).toBe("/jubatus/config/classifier/tutorial")
      expect(s.storage).toBe("local_storage_mixture")
      expect(s.zk).toBe(cluster.zookeeper)
      expect(s.mixer).toBe("linear_mixer")
      expect(s["linear_mixer.is_obsolete"]).toBe("0")
    }
  })

  test("save and load through the proxy reach every server", async () => {
    const client = cluster.client()
    const saved = await client.save("tut")
    const datadir = fs.realpathSync(cluster.dir)
    expect(saved).toEqual(Object.fromEntries(cluster.servers.map((s) => [cluster.idOf(s), path.join(datadir, `127.0.0.1_${s.port}_classifier_tut.jubatus`)])))
    for (const file of Object.values(saved)) expect(fs.existsSync(file)).toBe(true)
    expect(await client.load("tut")).toBe(true)
    const status = await client.getStatus()
    for (const s of cluster.servers) expect(status[cluster.idOf(s)].last_loaded_path).toBe(saved[cluster.idOf(s)])
  })

  test("get_proxy_status describes the proxy and counts requests and forwards", async () => {
    const client = cluster.client()
    const first = (await client.getProxyStatus())[`127.0.0.1_${cluster.proxy!.port}`]
    await client.getLabels()
    await client.getStatus()
    const second = (await client.getProxyStatus())[`127.0.0.1_${cluster.proxy!.port}`]
    expect(second.PROGNAME).toBe("jubaclassifier_proxy")
    expect(second.pid).toBe(String(cluster.proxy!.pid))
    expect(second.zookeeper).toBe(cluster.zookeeper)
    expect(second.connected_zookeeper).toBe(cluster.zookeeper)
    // get_labels, get_status and get_proxy_status itself; get_labels went to one server, get_status to three.
    expect(Number(second.request_count) - Number(first.request_count)).toBe(3)
    expect(Number(second.forward_count) - Number(first.forward_count)).toBe(4)
    for (const key of ["clock_time", "start_time", "uptime", "VIRT", "RSS", "SHR", "VERSION", "user", "threadnum", "timeout", "logdir", "log_config", "zookeeper_timeout", "interconnect_timeout", "session_pool_expire", "session_pool_size"])
      expect(second[key]).toBeDefined()
  })

  test("an unknown cluster name gets `no server found: <name>`", async () => {
    const raw = await RawClient.connect(cluster.proxy!.port)
    // The recorded request of spec/wire-samples.md ("wrong cluster name via proxy") and its answer.
    raw.send(Buffer.from("940001a5747261696e92a66e6f737563689192a47370616d939192a16ba1769192a178cb3ff000000000000090", "hex"))
    expect(Buffer.from(await raw.nextFrame()).toString("hex")).toBe(Buffer.from(samples.noServerFoundResponse).toString("hex"))
    raw.close()
    const err = await cluster.client(undefined, { name: "nosuch" }).getLabels().catch((e) => e)
    expect(err.message).toBe("no server found: nosuch")
  })

  test("an unknown method and wrong argument types through the proxy are errors 1 and 2", async () => {
    const raw = await RawClient.connect(cluster.proxy!.port)
    raw.send(encodeValue([0, 1, "no_such_method", ["tutorial"]]))
    expect(await raw.next()).toEqual([1, 1, 1, "no_such_method"])
    raw.send(encodeValue([0, 2, "train", ["tutorial", "notalist"]]))
    expect(await raw.next()).toEqual([1, 2, 2, "std::bad_cast"])
    raw.send(encodeValue([0, 3, "classify", ["tutorial"]]))
    expect(await raw.next()).toEqual([1, 3, 2, "std::bad_cast"])
    // The servers' internal methods are not the proxy's.
    raw.send(encodeValue([0, 4, "do_mix", []]))
    expect(await raw.next()).toEqual([1, 4, 1, "do_mix"])
    raw.send(encodeValue([0, 5, "get_diff", [0]]))
    expect(await raw.next()).toEqual([1, 5, 1, "get_diff"])
    // And the proxy still serves on the same connection.
    raw.send(encodeValue([0, 6, "get_labels", ["tutorial"]]))
    const answer = (await raw.next()) as Array<unknown>
    expect(answer.slice(0, 3)).toEqual([1, 6, null])
    raw.close()
  })

  test("a server stopped with SIGTERM leaves nodes and actives at once, and the proxy routes around it", async () => {
    const extra = await cluster.addServer()
    const id = cluster.idOf(extra)
    expect(await cluster.nodes()).toContain(id)
    expect(await extra.stop("SIGTERM")).toBe(0)
    // No session timeout to wait for: the server removed its own nodes before it exited.
    expect(await cluster.nodes()).not.toContain(id)
    expect(await cluster.actives()).not.toContain(id)
    const client = cluster.client()
    let failures = 0
    for (let i = 0; i < 100; i++) await client.classify([datumOf({ num: { pixel_0_0: i } })]).catch(() => failures++)
    expect(failures).toBe(0)
  })
})
