// The Coordinator service against a real ZooKeeper: membership, caches, locks, CHT, ids, config,
// watches; each openCoordinator stands for one Jubatus process.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { Effect, Option } from "effect"
import { Coordinator } from "../../src/coord/Coordinator.ts"
import { ZkSession } from "../../src/coord/ZkSession.ts"
import { startZooKeeper, type ZooKeeperServer, zkTree } from "../support/zookeeper.ts"
import { eventually, failure, openCoordinator, type OpenCoordinator, run } from "./harness.ts"

let zk: ZooKeeperServer
const open: Array<OpenCoordinator> = []

beforeAll(async () => {
  zk = await startZooKeeper()
}, 20000)

afterAll(async () => {
  for (const process of open) await process.close()
  await zk?.stop()
})

/** A separate Jubatus process: its own session, closed at the end of the file. */
const startProcess = async () => {
  const process = await openCoordinator({ hosts: zk.connectString, timeoutSec: 10, lockRetries: 1, lockRetryIntervalMs: 20 })
  open.push(process)
  return process
}

const ids = (members: ReadonlyArray<{ readonly id: string }>) => members.map((m) => m.id)

describe("Coordinator", () => {
  test("the layer's scope owns the session: closing it removes the server's ephemeral node", async () => {
    const program = Effect.gen(function*() {
      const coord = yield* Coordinator
      yield* coord.prepareJubatus("classifier", "scoped")
      yield* coord.registerActor("classifier", "scoped", "10.0.0.1", 9199)
      return yield* coord.listNodes("classifier", "scoped")
    })
    const inside = await Effect.runPromise(Effect.provide(program, Coordinator.layer({ hosts: zk.connectString, timeoutSec: 10 })))
    expect(ids(inside)).toEqual(["10.0.0.1_9199"])
    expect(await zkTree(zk.connectString, { root: "/jubatus/actors/classifier/scoped/nodes" })).toEqual([
      "/jubatus/actors/classifier/scoped/nodes"
    ])
  })

  test("a second server with the same ip_port is refused with NodeExists", async () => {
    const a = (await startProcess()).coord
    const b = (await startProcess()).coord
    await run(a.prepareJubatus("classifier", "dup"))
    await run(a.registerActor("classifier", "dup", "10.0.0.1", 9199))
    const error = await failure(b.registerActor("classifier", "dup", "10.0.0.1", 9199))
    expect(error.reason).toBe("NodeExists")
    expect(error.message).toBe('cannot create "/jubatus/actors/classifier/dup/nodes/10.0.0.1_9199": NODE_EXISTS')
  })

  test("cached member lists follow joins and leaves through watches", async () => {
    const proxy = (await startProcess()).coord
    await run(proxy.prepareJubatus("classifier", ""))
    expect(await run(proxy.listActives("classifier", "watch"))).toEqual([])
    const server = await startProcess()
    await run(server.coord.prepareJubatus("classifier", "watch"))
    await run(server.coord.registerActive("classifier", "watch", "10.0.0.2", 9201))
    expect(await eventually(async () => ids(await run(proxy.listActives("classifier", "watch"))).length === 1)).toBe(true)
    const first = await run(proxy.listActives("classifier", "watch"))
    expect(first).toEqual([{ id: "10.0.0.2_9201", ip: "10.0.0.2", port: 9201 }])
    // A hit is the very same frozen array: no I/O and no copy per request.
    expect(await run(proxy.listActives("classifier", "watch"))).toBe(first)
    await run(server.coord.unregisterActive("classifier", "watch", "10.0.0.2", 9201))
    expect(await eventually(async () => (await run(proxy.listActives("classifier", "watch"))).length === 0)).toBe(true)
  })

  test("jubactl's status listings show proxies, supervisors and cluster nodes", async () => {
    const visor = (await startProcess()).coord
    const proxy = (await startProcess()).coord
    const server = (await startProcess()).coord
    await run(visor.registerSupervisor("192.0.2.2", 9300))
    await run(proxy.prepareJubatus("stat", ""))
    await run(proxy.registerProxy("stat", "192.0.2.3", 9198))
    await run(server.prepareJubatus("stat", "st1"))
    await run(server.registerActor("stat", "st1", "192.0.2.4", 9301))
    const tool = (await startProcess()).coord
    expect(ids(await run(tool.listSupervisors))).toEqual(["192.0.2.2_9300"])
    expect(ids(await run(tool.listProxies("stat")))).toEqual(["192.0.2.3_9198"])
    expect(await run(tool.listNodes("stat", "st1"))).toEqual([{ id: "192.0.2.4_9301", ip: "192.0.2.4", port: 9301 }])
  })

  test("two readers hold the config lock together", async () => {
    const a = (await startProcess()).coord
    const b = (await startProcess()).coord
    await run(a.prepareJubatus("classifier", "rw1"))
    expect(Option.isSome(await run(a.tryReadLock("classifier", "rw1")))).toBe(true)
    expect(Option.isSome(await run(b.tryReadLock("classifier", "rw1")))).toBe(true)
  })

  test("a reader blocks a writer, and the writer's failed attempt leaves no node", async () => {
    const reader = (await startProcess()).coord
    const writer = (await startProcess()).coord
    await run(reader.prepareJubatus("classifier", "rw2"))
    const read = Option.getOrThrow(await run(reader.tryReadLock("classifier", "rw2")))
    expect(Option.isNone(await run(writer.tryWriteLock("classifier", "rw2")))).toBe(true)
    expect(await zkTree(zk.connectString, { root: "/jubatus/actors/classifier/rw2/config_lock" })).toEqual([
      "/jubatus/actors/classifier/rw2/config_lock",
      `${read.path} [EPHEMERAL]`
    ])
    await run(read.release)
    expect(Option.isSome(await run(writer.tryWriteLock("classifier", "rw2")))).toBe(true)
  })

  test("a writer blocks readers and other writers until it releases", async () => {
    const writer = (await startProcess()).coord
    const other = (await startProcess()).coord
    await run(writer.prepareJubatus("classifier", "rw3"))
    const write = Option.getOrThrow(await run(writer.tryWriteLock("classifier", "rw3")))
    expect(Option.isNone(await run(other.tryReadLock("classifier", "rw3")))).toBe(true)
    expect(Option.isNone(await run(other.tryWriteLock("classifier", "rw3")))).toBe(true)
    const busy = await failure(other.lockConfigForRead("classifier", "rw3"))
    expect(busy.reason).toBe("LockBusy")
    expect(busy.message).toBe("any user is writing config?")
    await run(write.release)
    expect(Option.isSome(await run(other.tryReadLock("classifier", "rw3")))).toBe(true)
  })

  test("the master lock admits one holder; a holder that exits frees it", async () => {
    const a = await startProcess()
    const b = (await startProcess()).coord
    await run(a.coord.prepareJubatus("classifier", "mix"))
    await run(a.coord.registerActor("classifier", "mix", "10.0.0.1", 9201))
    const held = await run(a.coord.tryMasterLock("classifier", "mix"))
    expect(Option.isSome(held)).toBe(true)
    expect(Option.isNone(await run(b.tryMasterLock("classifier", "mix")))).toBe(true)
    await run(Option.getOrThrow(held).release)
    const second = await run(b.tryMasterLock("classifier", "mix"))
    expect(Option.isSome(second)).toBe(true)
    expect(Option.isNone(await run(a.coord.tryMasterLock("classifier", "mix")))).toBe(true)
    await run(Option.getOrThrow(second).release)
    // A holder whose process ends loses the lock with its session.
    expect(Option.isSome(await run(a.coord.tryMasterLock("classifier", "mix")))).toBe(true)
    await a.close()
    expect(Option.isSome(await run(b.tryMasterLock("classifier", "mix")))).toBe(true)
  })

  test("CHT lookups walk the ring of both servers' vnodes from the key's md5", async () => {
    const s1 = (await startProcess()).coord
    const s2 = (await startProcess()).coord
    const proxy = (await startProcess()).coord
    await run(s1.prepareJubatus("anomaly", "ring"))
    await run(s1.registerCht("anomaly", "ring", "127.0.0.1", 9199))
    await run(s2.registerCht("anomaly", "ring", "127.0.0.1", 9200))
    // md5("c") = 4a8a08f0… lands before 4d765df6…, 500ba639…, 5ca0c7e7… (9199) and 5e459dd6… (9200).
    const four = await run(proxy.findCht("anomaly", "ring", "c", 4))
    expect(four.map((m) => m.port)).toEqual([9199, 9199, 9199, 9200])
    // md5("user42") = fd8689cb… is past every vnode: wrap to 0d0363fd… (9200), then 21de5925… (9199).
    const wrapped = await run(proxy.findCht("anomaly", "ring", "user42", 2))
    expect(wrapped).toEqual([
      { id: "127.0.0.1_9200", ip: "127.0.0.1", port: 9200 },
      { id: "127.0.0.1_9199", ip: "127.0.0.1", port: 9199 }
    ])
  })

  test("a CHT lookup on an empty ring says no server found", async () => {
    const proxy = (await startProcess()).coord
    const error = await failure(proxy.findCht("anomaly", "nobody", "c", 2))
    expect(error.reason).toBe("NoServer")
    expect(error.message).toBe("no server found: nobody")
  })

  test("createId counts 1, 2, 3 across the servers of a cluster", async () => {
    const a = (await startProcess()).coord
    const b = (await startProcess()).coord
    await run(a.prepareJubatus("graph", "g1"))
    expect(await run(a.createId("graph", "g1"))).toBe(1)
    expect(await run(b.createId("graph", "g1"))).toBe(2)
    expect(await run(a.createId("graph", "g1"))).toBe(3)
  })

  test("config is written, read, listed and deleted as jubaconfig does", async () => {
    const tool = (await startProcess()).coord
    const missing = await failure(tool.readConfig("regression", "cfg"))
    expect(missing.reason).toBe("ConfigNotFound")
    expect(missing.message).toBe("config does not exist: /jubatus/config/regression/cfg")
    await run(tool.prepareJubatus("regression", "cfg"))
    await run(tool.writeConfig("regression", "cfg", '{"method":"PA"}'))
    await run(tool.writeConfig("regression", "cfg", '{"method":"PA1"}'))
    expect(await run(tool.readConfig("regression", "cfg"))).toBe('{"method":"PA1"}')
    const listed = await run(tool.listConfigs)
    expect(listed.filter((c) => c.type === "regression")).toEqual([
      { type: "regression", name: "cfg", config: '{"method":"PA1"}' }
    ])
    await run(tool.deleteConfig("regression", "cfg"))
    expect((await failure(tool.readConfig("regression", "cfg"))).reason).toBe("ConfigNotFound")
    expect((await failure(tool.deleteConfig("regression", "cfg"))).message).toBe(
      "config does not exist: /jubatus/config/regression/cfg"
    )
  })

  test("config writes are refused while servers run, while locked, when empty and before prepare", async () => {
    const tool = (await startProcess()).coord
    const server = (await startProcess()).coord
    expect((await failure(tool.writeConfig("regression", "busy", "{}"))).message).toBe(
      "ZooKeeper node does not exist: /jubatus/actors/regression/busy/config_lock"
    )
    await run(tool.prepareJubatus("regression", "busy"))
    expect((await failure(tool.writeConfig("regression", "busy", ""))).message).toBe("config is empty")
    await run(server.registerActor("regression", "busy", "10.0.0.9", 9199))
    const running = await failure(tool.writeConfig("regression", "busy", "{}"))
    expect(running.reason).toBe("ServerRunning")
    expect(running.message).toBe("any server is running: regression, busy")
    await run(server.unregisterActor("regression", "busy", "10.0.0.9", 9199))
    const reader = await run(server.lockConfigForRead("regression", "busy"))
    const locked = await failure(tool.writeConfig("regression", "busy", "{}"))
    expect(locked.reason).toBe("LockBusy")
    expect(locked.message).toBe("any user is using config?")
    await run(reader.release)
    await run(tool.writeConfig("regression", "busy", "{}"))
    expect(await run(server.readConfig("regression", "busy"))).toBe("{}")
  })

  test("a delete watch fires once on deletion and survives data changes", async () => {
    const server = (await startProcess()).coord
    await run(server.prepareJubatus("classifier", "doomed"))
    await run(server.registerActor("classifier", "doomed", "10.0.0.3", 9201))
    const deleted: Array<string> = []
    const path = "/jubatus/actors/classifier/doomed/nodes/10.0.0.3_9201"
    await run(server.watchDeleted(path, (p) => deleted.push(p)))
    // A data change spends the one-shot watch; it must be armed again, not reported.
    const raw = await ZkSession.connect({ hosts: zk.connectString, sessionTimeoutMs: 4000 })
    await raw.set(path, "touched")
    await Bun.sleep(100)
    expect(deleted).toEqual([])
    await raw.remove(path)
    expect(await eventually(() => deleted.length > 0)).toBe(true)
    await Bun.sleep(50)
    expect(deleted).toEqual([path])
    await raw.close()
  })

  test("watching a node that does not exist fails", async () => {
    const server = (await startProcess()).coord
    const error = await failure(server.watchDeleted("/jubatus/nope", () => undefined))
    expect(error.reason).toBe("NoNode")
  })

  test("session state and the connected server are reported for status", async () => {
    const server = (await startProcess()).coord
    expect(await Effect.runPromise(server.sessionState)).toBe("connected")
    expect(await Effect.runPromise(server.connectedZookeeper)).toBe(`127.0.0.1:${zk.port}`)
    expect(server.hosts).toBe(zk.connectString)
  })

  test("connecting where no ZooKeeper answers fails with Jubatus's message", async () => {
    const error = await Effect.runPromise(
      Effect.flip(Effect.scoped(Coordinator.make({ hosts: "127.0.0.1:1", timeoutSec: 1 })))
    )
    expect(error.reason).toBe("ConnectFailed")
    expect(error.message).toBe("cannot connect zk in 1 sec: 127.0.0.1:1")
  })
})
