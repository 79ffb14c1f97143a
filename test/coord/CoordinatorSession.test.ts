// Session loss and recovery: a ZooKeeper that goes away for a whole timeout, and an ensemble
// whose leader is killed.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { Effect, Fiber, Stream } from "effect"
import type { SessionState } from "../../src/coord/Coordinator.ts"
import { startEnsemble, startZooKeeper, type ZooKeeperEnsemble, type ZooKeeperServer, zkTree } from "../support/zookeeper.ts"
import { eventually, failure, openCoordinator, type OpenCoordinator, run } from "./harness.ts"

describe("Coordinator session", () => {
  let zk: ZooKeeperServer
  let server: OpenCoordinator

  beforeAll(async () => {
    zk = await startZooKeeper()
    server = await openCoordinator({ hosts: zk.connectString, timeoutSec: 1 })
  }, 20000)

  afterAll(async () => {
    await server?.close()
    await zk?.stop()
  })

  test("losing ZooKeeper for a whole session timeout reads as expired; reconnect lets the server register again", async () => {
    const coord = server.coord
    await run(coord.prepareJubatus("classifier", "phoenix"))
    await run(coord.registerActor("classifier", "phoenix", "10.0.0.5", 9199))
    const seen = Effect.runFork(Stream.runCollect(Stream.take(coord.sessionChanges, 3)))

    await zk.kill()
    expect(await eventually(async () => (await Effect.runPromise(coord.sessionState)) === "expired", 4000)).toBe(true)
    expect(Array.from(await Effect.runPromise(Fiber.join(seen)))).toEqual<Array<SessionState>>([
      "connected",
      "disconnected",
      "expired"
    ])
    expect((await failure(coord.listNodes("classifier", "phoenix"))).reason).toBe("SessionExpired")

    await zk.restart()
    await run(coord.reconnect)
    expect(await Effect.runPromise(coord.sessionState)).toBe("connected")
    // The old session, still alive on the restarted server, was ended: the same id registers at once.
    await run(coord.registerActor("classifier", "phoenix", "10.0.0.5", 9199))
    expect(await zkTree(zk.connectString, { root: "/jubatus/actors/classifier/phoenix/nodes" })).toEqual([
      "/jubatus/actors/classifier/phoenix/nodes",
      "/jubatus/actors/classifier/phoenix/nodes/10.0.0.5_9199 [EPHEMERAL]"
    ])
  }, 15000)
})

describe("Coordinator on an ensemble", () => {
  let ensemble: ZooKeeperEnsemble
  const open: Array<OpenCoordinator> = []

  beforeAll(async () => {
    ensemble = await startEnsemble(3)
  }, 30000)

  afterAll(async () => {
    for (const process of open) await process.close()
    await ensemble?.stop()
  })

  test("killing the leader keeps sessions, reads and writes working through the other members", async () => {
    const hosts = ensemble.connectString
    const a = await openCoordinator({ hosts, timeoutSec: 10 })
    const b = await openCoordinator({ hosts, timeoutSec: 10 })
    open.push(a, b)
    await run(a.coord.prepareJubatus("classifier", "quorum"))
    await run(a.coord.writeConfig("classifier", "quorum", '{"method":"AROW"}'))
    await run(a.coord.registerActor("classifier", "quorum", "10.0.1.1", 9199))
    expect(await run(b.coord.createId("classifier", "quorum"))).toBe(1)

    const leader = await ensemble.leader()
    await leader.kill()
    const survivors = ensemble.members.filter((m) => m !== leader)

    // Writes and reads after the failover, from both clients.
    await run(b.coord.registerActor("classifier", "quorum", "10.0.1.2", 9199))
    expect(await run(a.coord.createId("classifier", "quorum"))).toBe(2)
    expect(await run(b.coord.readConfig("classifier", "quorum"))).toBe('{"method":"AROW"}')
    expect(
      await eventually(async () => (await run(b.coord.listNodes("classifier", "quorum"))).length === 2, 5000)
    ).toBe(true)
    // Sessions survived: a's node from before the failover is still there.
    expect((await run(b.coord.listNodes("classifier", "quorum"))).map((m) => m.id)).toEqual([
      "10.0.1.1_9199",
      "10.0.1.2_9199"
    ])
    expect(await Effect.runPromise(a.coord.sessionState)).toBe("connected")
    const connected = await Effect.runPromise(a.coord.connectedZookeeper)
    expect(survivors.map((m) => m.connectString)).toContain(connected)
    expect(["leader", "follower"]).toContain(await survivors[0].mode())
  }, 20000)
})
