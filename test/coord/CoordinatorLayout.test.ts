// The znode tree the Coordinator leaves, compared with the one C++ Jubatus 1.1.1 left (spec §2).
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { Option } from "effect"
import { startZooKeeper, type ZooKeeperServer, zkTree } from "../support/zookeeper.ts"
import { openCoordinator, type OpenCoordinator, run } from "./harness.ts"

// The tree captured from C++ Jubatus 1.1.1 after `jubaconfig -c write` twice, three servers and
// one proxy (spec/wire-samples.md, "ZooKeeper tree"), without its version and data columns.
const JUBATUS_TREE = [
  "/jubatus",
  "/jubatus/actors",
  "/jubatus/actors/classifier",
  "/jubatus/actors/classifier/cls1",
  "/jubatus/actors/classifier/cls1/actives",
  "/jubatus/actors/classifier/cls1/actives/127.0.0.1_9201 [EPHEMERAL]",
  "/jubatus/actors/classifier/cls1/actives/127.0.0.1_9202 [EPHEMERAL]",
  "/jubatus/actors/classifier/cls1/actives/127.0.0.1_9203 [EPHEMERAL]",
  "/jubatus/actors/classifier/cls1/config_lock",
  "/jubatus/actors/classifier/cls1/config_lock/rlock_0000000002 [EPHEMERAL]",
  "/jubatus/actors/classifier/cls1/config_lock/rlock_0000000003 [EPHEMERAL]",
  "/jubatus/actors/classifier/cls1/config_lock/rlock_0000000004 [EPHEMERAL]",
  "/jubatus/actors/classifier/cls1/master_lock",
  "/jubatus/actors/classifier/cls1/nodes",
  "/jubatus/actors/classifier/cls1/nodes/127.0.0.1_9201 [EPHEMERAL]",
  "/jubatus/actors/classifier/cls1/nodes/127.0.0.1_9202 [EPHEMERAL]",
  "/jubatus/actors/classifier/cls1/nodes/127.0.0.1_9203 [EPHEMERAL]",
  "/jubatus/config",
  "/jubatus/config/classifier",
  "/jubatus/config/classifier/cls1",
  "/jubatus/jubaproxies",
  "/jubatus/jubaproxies/classifier",
  "/jubatus/jubaproxies/classifier/127.0.0.1_9198 [EPHEMERAL]",
  "/jubatus/supervisors"
]

const CONFIG = '{"method":"AROW","parameter":{"regularization_weight":1.0}}\n'

let zk: ZooKeeperServer
const open: Array<OpenCoordinator> = []

beforeAll(async () => {
  zk = await startZooKeeper()
}, 20000)

afterAll(async () => {
  for (const process of open) await process.close()
  await zk?.stop()
})

const startProcess = async () => {
  const process = await openCoordinator({ hosts: zk.connectString, timeoutSec: 10 })
  open.push(process)
  return process.coord
}

describe("Coordinator znode layout", () => {
  test("jubaconfig, three servers and a proxy leave the tree C++ Jubatus leaves", async () => {
    // jubaconfig -c write, twice (each run takes and drops a write lock: sequence 0 and 1).
    for (let i = 0; i < 2; i++) {
      const jubaconfig = await openCoordinator({ hosts: zk.connectString, timeoutSec: 10 })
      await run(jubaconfig.coord.prepareJubatus("classifier", "cls1"))
      await run(jubaconfig.coord.writeConfig("classifier", "cls1", CONFIG))
      await jubaconfig.close()
    }
    // Servers, in startup order: base znodes, config read lock held for life, config, membership.
    for (const port of [9201, 9202, 9203]) {
      const server = await startProcess()
      await run(server.prepareJubatus("classifier", "cls1"))
      await run(server.lockConfigForRead("classifier", "cls1"))
      expect(await run(server.readConfig("classifier", "cls1"))).toBe(CONFIG)
      await run(server.registerActor("classifier", "cls1", "127.0.0.1", port))
      await run(server.registerActive("classifier", "cls1", "127.0.0.1", port))
    }
    const proxy = await startProcess()
    await run(proxy.prepareJubatus("classifier", ""))
    await run(proxy.registerProxy("classifier", "127.0.0.1", 9198))

    expect(await zkTree(zk.connectString)).toEqual(JUBATUS_TREE)
  })

  test("the config znode holds the file's bytes, and membership znodes are empty", async () => {
    const lines = await zkTree(zk.connectString, { withData: true })
    expect(lines).toContain(`/jubatus/config/classifier/cls1 data='${CONFIG}'`)
    expect(lines.filter((line) => line.includes("data="))).toHaveLength(1)
  })

  test("the master lock is a wlock_ sequence node in master_lock while held", async () => {
    const server = open[0].coord
    const lock = await run(server.tryMasterLock("classifier", "cls1"))
    expect(Option.isSome(lock)).toBe(true)
    const held = Option.getOrThrow(lock)
    expect(held.path).toMatch(/^\/jubatus\/actors\/classifier\/cls1\/master_lock\/wlock_\d{10}$/)
    expect(await zkTree(zk.connectString, { root: "/jubatus/actors/classifier/cls1/master_lock" })).toEqual([
      "/jubatus/actors/classifier/cls1/master_lock",
      `${held.path} [EPHEMERAL]`
    ])
    await run(held.release)
    expect(await zkTree(zk.connectString, { root: "/jubatus/actors/classifier/cls1/master_lock" })).toEqual([
      "/jubatus/actors/classifier/cls1/master_lock"
    ])
  })

  test("CHT servers add 8 ephemeral md5-named vnodes holding ip_port, ids add id_generator", async () => {
    const server = await startProcess()
    await run(server.prepareJubatus("anomaly", "an1"))
    await run(server.registerCht("anomaly", "an1", "127.0.0.1", 9199))
    await run(server.registerActor("anomaly", "an1", "127.0.0.1", 9199))
    expect(await run(server.createId("anomaly", "an1"))).toBe(1)
    const lines = await zkTree(zk.connectString, { root: "/jubatus/actors/anomaly/an1", withData: true })
    // md5 of 127.0.0.1_9199, 127.0.0.1_9199_1 … _7 (computed with Python's hashlib), sorted.
    const vnodes = [
      "21de592507121d86028905ea9414bc30",
      "2d58142e60a22f03df485be318f35669",
      "3b3d428d1a94006aefb67d6b4d15551c",
      "4d765df6d94187481bd4f1c579cef0d2",
      "500ba63921d307c14d192e22bee4c22b",
      "5ca0c7e7e1889877ae99207a28c4b521",
      "7632e50943d8e8eab395c1784716caf8",
      "a81ad3bf41424721aafbee270c9c780f"
    ]
    expect(lines).toEqual([
      "/jubatus/actors/anomaly/an1",
      "/jubatus/actors/anomaly/an1/cht",
      ...vnodes.map((hash) => `/jubatus/actors/anomaly/an1/cht/${hash} [EPHEMERAL] data='127.0.0.1_9199'`),
      "/jubatus/actors/anomaly/an1/config_lock",
      "/jubatus/actors/anomaly/an1/id_generator data='dummy\0'",
      "/jubatus/actors/anomaly/an1/master_lock",
      "/jubatus/actors/anomaly/an1/nodes",
      "/jubatus/actors/anomaly/an1/nodes/127.0.0.1_9199 [EPHEMERAL]"
    ])
  })
})
