import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { Cause, Effect, Exit, Fiber, Stream } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { Coordinator, type SessionState } from "../../src/coord/Coordinator.ts"
import { configureLog } from "../../src/platform/log.ts"
import { encodeValue } from "../../src/rpc/MsgpackWriter.ts"
import { decodeValue } from "../../src/rpc/MsgpackReader.ts"
import { defaultServerArgv } from "../../src/visor/ServerArgv.ts"
import { serveVisor } from "../../src/visor/serveVisor.ts"
import type { Supervisor } from "../../src/visor/Supervisor.ts"
import { VisorClient } from "../../src/visor/VisorClient.ts"
import { openCoordinator, type OpenCoordinator } from "../coord/harness.ts"
import { freePort, tempDir } from "../support/juba.ts"
import { RawClient } from "../support/rawClient.ts"
import { startZooKeeper, zkTree, type ZooKeeperServer } from "../support/zookeeper.ts"

let zk: ZooKeeperServer
let coordinator: OpenCoordinator
const dir = tempDir("juba-serve-visor-")
fs.writeFileSync(
  path.join(dir, "fakeserver"),
  `#!/bin/sh\ntrap 'exit 0' TERM\nwhile true; do sleep 0.02; done\n`,
  { mode: 0o755 }
)

beforeAll(async () => {
  configureLog({ sink: () => undefined })
  zk = await startZooKeeper()
  coordinator = await openCoordinator({ hosts: zk.connectString, timeoutSec: 10 })
})

afterAll(async () => {
  configureLog({ sink: (line) => process.stderr.write(line) })
  await coordinator.close()
  await zk.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Runs a visor in this process with a session whose expiry the test decides. */
const runVisor = async () => {
  const port = await freePort()
  let expire: (state: SessionState) => void = () => undefined
  const lost = new Promise<SessionState>((resolve) => (expire = resolve))
  const coord: Coordinator["Service"] = { ...coordinator.coord, sessionChanges: Stream.fromEffect(Effect.promise(() => lost)) }
  let ready: (s: Supervisor) => void = () => undefined
  const supervisor = new Promise<Supervisor>((resolve) => (ready = resolve))
  const fiber = Effect.runFork(
    Effect.scoped(
      serveVisor({
        ip: "127.0.0.1",
        rpcPort: port,
        host: "127.0.0.1",
        zookeeper: zk.connectString,
        maxChildren: 16,
        launcher: (program) => ({ file: path.join(dir, "fakeserver"), args: [program] }),
        childEnv: { PATH: `${dir}:/usr/bin:/bin` },
        childStderr: "ignore",
        maxMessageSize: 1 << 20,
        onReady: ready
      })
    ).pipe(Effect.provideService(Coordinator, coord))
  )
  return { port, fiber, supervisor: await supervisor, expire }
}

describe("serveVisor", () => {
  test("registers an ephemeral /jubatus/supervisors/<ip>_<port> with the bases jubavisor creates", async () => {
    const visor = await runVisor()
    const tree = await zkTree(zk.connectString)
    expect(tree).toContain(`/jubatus/supervisors/127.0.0.1_${visor.port} [EPHEMERAL]`)
    expect(tree).toContain("/jubatus/actors")
    await Effect.runPromise(Fiber.interrupt(visor.fiber))
  })

  test("starts and stops servers for jubactl over MessagePack-RPC", async () => {
    const visor = await runVisor()
    const client = VisorClient({ host: "127.0.0.1", port: visor.port })
    expect(await client.start("fakeserver/tutorial", 2, { ...defaultServerArgv, mixer: "linear_mixer" })).toBe(0)
    const pids = visor.supervisor.list().map((c) => c.pid)
    expect(visor.supervisor.list().map((c) => c.port)).toEqual([visor.port + 1, visor.port + 2])
    expect(await client.stop("fakeserver/tutorial", 2)).toBe(0)
    expect(pids.filter(alive)).toEqual([])
    client.close()
    await Effect.runPromise(Fiber.interrupt(visor.fiber))
  })

  test("answers a start whose server_argv is short by a field with argument error 2", async () => {
    const visor = await runVisor()
    const raw = await RawClient.connect(visor.port)
    const argv = [9199, "", "", 10, 10, 10, 2, "", "", "", "", "/tmp", "", "", "localhost", 16, 512, "linear_mixer", false]
    raw.send(encodeValue([0, 7, "start", ["fakeserver/x", 1, argv]]))
    expect(decodeValue(await raw.nextFrame())).toEqual([1, 7, 2, "std::bad_cast"])
    raw.send(encodeValue([0, 8, "status", []]))
    expect(decodeValue(await raw.nextFrame())).toEqual([1, 8, 1, "status"])
    expect(visor.supervisor.list()).toHaveLength(0)
    raw.close()
    await Effect.runPromise(Fiber.interrupt(visor.fiber))
  })

  test("stops every server and fails with SessionLost when the ZooKeeper session expires", async () => {
    const visor = await runVisor()
    const client = VisorClient({ host: "127.0.0.1", port: visor.port })
    await client.start("fakeserver/a", 2, defaultServerArgv)
    await client.start("fakeserver/b", 1, defaultServerArgv)
    client.close()
    const pids = visor.supervisor.list().map((c) => c.pid)
    expect(pids).toHaveLength(3)
    visor.expire("expired")
    const exit = await Effect.runPromise(Fiber.await(visor.fiber))
    expect(Exit.isFailure(exit) && Cause.squash(exit.cause)).toMatchObject({ _tag: "VisorError", reason: "SessionLost" })
    expect(pids.filter(alive)).toEqual([])
  })

  test("stops its servers and its listener when interrupted, as on SIGTERM", async () => {
    const visor = await runVisor()
    const client = VisorClient({ host: "127.0.0.1", port: visor.port, timeoutMs: 1000 })
    await client.start("fakeserver/c", 2, defaultServerArgv)
    client.close()
    const pids = visor.supervisor.list().map((c) => c.pid)
    await Effect.runPromise(Fiber.interrupt(visor.fiber))
    expect(pids.filter(alive)).toEqual([])
    const again = VisorClient({ host: "127.0.0.1", port: visor.port, timeoutMs: 1000 })
    await expect(again.stop("fakeserver/c", 0)).rejects.toThrow()
    again.close()
  })
})
