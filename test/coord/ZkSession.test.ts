// The promise wrapper over node-zookeeper-client against a real ZooKeeper server.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { ZkError } from "../../src/coord/ZkError.ts"
import { type ZkEvent, ZkSession, type ZkState } from "../../src/coord/ZkSession.ts"
import { expireSession, freePort, startZooKeeper, type ZooKeeperServer, zkTree } from "../support/zookeeper.ts"
import { eventually } from "./harness.ts"

let zk: ZooKeeperServer

beforeAll(async () => {
  zk = await startZooKeeper()
}, 20000)

afterAll(async () => {
  await zk?.stop()
})

const open = (sessionTimeoutMs = 4000) => ZkSession.connect({ hosts: zk.connectString, sessionTimeoutMs })

describe("ZkSession", () => {
  test("connecting to a port nobody serves fails with Jubatus's message after the deadline", async () => {
    const port = await freePort()
    const started = Date.now()
    const error = await ZkSession.connect({ hosts: `127.0.0.1:${port}`, sessionTimeoutMs: 4000, connectTimeoutMs: 1000 })
      .then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(ZkError)
    expect((error as ZkError).message).toBe(`cannot connect zk in 1 sec: 127.0.0.1:${port}`)
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
  })

  test("reports the server it is connected to as ip:port", async () => {
    const session = await open()
    expect(session.state).toBe("connected")
    expect(session.connectedServer()).toBe(`127.0.0.1:${zk.port}`)
    await session.close()
    expect(session.connectedServer()).toBe("")
  })

  test("ensure succeeds on an existing node and keeps its data", async () => {
    const session = await open()
    await session.ensure("/ensure-test", "first")
    await session.ensure("/ensure-test", "second")
    expect((await session.get("/ensure-test")).data.toString()).toBe("first")
    await session.close()
  })

  test("ephemeral nodes vanish when their session closes, persistent ones stay", async () => {
    const owner = await open()
    await owner.ensure("/jubatus")
    await owner.ensure("/jubatus/eph")
    await owner.create("/jubatus/eph/mine", "x", "ephemeral")
    expect(await zkTree(zk.connectString, { root: "/jubatus/eph" })).toEqual([
      "/jubatus/eph",
      "/jubatus/eph/mine [EPHEMERAL]"
    ])
    await owner.close()
    expect(await zkTree(zk.connectString, { root: "/jubatus/eph" })).toEqual(["/jubatus/eph"])
  })

  test("creating an ephemeral node twice fails with NODE_EXISTS", async () => {
    const session = await open()
    await session.create("/twice", "", "ephemeral")
    const error = await session.create("/twice", "", "ephemeral").catch((e: unknown) => e)
    expect((error as ZkError).code).toBe("NODE_EXISTS")
    await session.close()
  })

  test("sequential nodes get ten-digit increasing suffixes", async () => {
    const session = await open()
    await session.ensure("/seq")
    const a = await session.create("/seq/wlock_", undefined, "ephemeralSequential")
    const b = await session.create("/seq/wlock_", undefined, "ephemeralSequential")
    expect(a).toBe("/seq/wlock_0000000000")
    expect(b).toBe("/seq/wlock_0000000001")
    expect(await session.children("/seq")).toEqual(["wlock_0000000000", "wlock_0000000001"])
    await session.close()
  })

  test("set returns the new data version", async () => {
    const session = await open()
    await session.ensure("/versioned")
    expect((await session.set("/versioned", "a")).version).toBe(1)
    expect((await session.set("/versioned", "b")).version).toBe(2)
    await session.close()
  })

  test("a child watch fires once when a child is added", async () => {
    const session = await open()
    await session.ensure("/watched")
    const events: Array<ZkEvent> = []
    const watcher = (event: ZkEvent) => events.push(event)
    expect(await session.children("/watched", watcher)).toEqual([])
    await session.create("/watched/a", "", "ephemeral")
    await session.create("/watched/b", "", "ephemeral")
    expect(await eventually(() => events.length > 0)).toBe(true)
    await Bun.sleep(100)
    expect(events).toEqual([{ type: "childrenChanged", path: "/watched" }])
    await session.close()
  })

  test("an exists watch on a missing node fires on its creation", async () => {
    const session = await open()
    const events: Array<ZkEvent> = []
    expect(await session.exists("/later", (e) => events.push(e))).toBeUndefined()
    await session.create("/later", "", "ephemeral")
    expect(await eventually(() => events.length === 1)).toBe(true)
    expect(events[0]).toEqual({ type: "created", path: "/later" })
    await session.close()
  })

  test("removing a missing node succeeds unless asked to be strict", async () => {
    const session = await open()
    await session.remove("/never-there")
    const error = await session.remove("/never-there", false).catch((e: unknown) => e)
    expect((error as ZkError).code).toBe("NO_NODE")
    await session.close()
  })

  test("a session ended by the server turns expired and refuses further work", async () => {
    const session = await open()
    await session.create("/doomed", "", "ephemeral")
    const states: Array<ZkState> = []
    session.onStateChange((state) => states.push(state))
    await expireSession(zk.connectString, session)
    expect(session.state).toBe("expired")
    expect(states.at(-1)).toBe("expired")
    const error = await session.get("/doomed").catch((e: unknown) => e)
    expect((error as ZkError).code).toBe("SESSION_EXPIRED")
    expect(await zkTree(zk.connectString, { root: "/doomed" })).toEqual([])
    await session.close()
  }, 10000)
})
