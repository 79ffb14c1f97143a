import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { Effect } from "effect"
import { serverArgvOf } from "../../cmd/ctl.ts"
import { parseCtlOptions } from "../../cmd/options/ctlOptions.ts"
import { Coordinator } from "../../src/coord/Coordinator.ts"
import { type ControlRequest, controlCluster, NO_VISOR_STATUS } from "../../src/ctl/ClusterControl.ts"
import { Outcome, type RpcDispatcher } from "../../src/rpc/Protocol.ts"
import { listen } from "../../src/rpc/RpcServer.ts"
import { defaultServerArgv, serverArgvType } from "../../src/visor/ServerArgv.ts"
import { openCoordinator, type OpenCoordinator, run } from "../coord/harness.ts"
import { freePort } from "../support/juba.ts"
import { startZooKeeper, zkTree, type ZooKeeperServer } from "../support/zookeeper.ts"

let zk: ZooKeeperServer
beforeAll(async () => {
  zk = await startZooKeeper()
})
const closers: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const close of closers.reverse()) await close()
  await zk.stop()
})

interface Call {
  readonly method: string
  readonly params: ReadonlyArray<unknown>
}

/** A MessagePack-RPC endpoint on loopback that records calls and answers with `answer`. */
const fakeEndpoint = async (answer: (method: string, params: ReadonlyArray<unknown>) => Outcome) => {
  const calls: Array<Call> = []
  const dispatcher: RpcDispatcher = {
    dispatch: (method, params) => {
      calls.push({ method, params: structuredClone(params) })
      return answer(method, params)
    }
  }
  const listening = await listen({ host: "127.0.0.1", port: 0, timeoutSec: 0, maxMessageSize: 1 << 20, maxConnections: 16 }, dispatcher)
  closers.push(() => listening.close(0))
  return { port: listening.port, calls }
}

/** A ZooKeeper session standing for the registered processes; closing it unregisters them all. */
const registrations = async (): Promise<OpenCoordinator> => {
  const session = await openCoordinator({ hosts: zk.connectString, timeoutSec: 10 })
  closers.push(session.close)
  return session
}

const captured = () => {
  const io = { outText: "", errLines: [] as Array<string> }
  return {
    io,
    control: (request: ControlRequest, color = false) =>
      Effect.runPromise(
        controlCluster(request, {
          out: (text) => {
            io.outText += text
          },
          err: (line) => io.errLines.push(line),
          color,
          timeoutMs: 2000
        }).pipe(Effect.provide(Coordinator.layer({ hosts: zk.connectString, timeoutSec: 10 })))
      )
  }
}

const request = (cmd: ControlRequest["cmd"], more: Partial<ControlRequest> = {}): ControlRequest => ({
  cmd,
  server: "jubaclassifier",
  name: "tutorial",
  type: "classifier",
  num: 0,
  id: "tutorial",
  serverArgv: { ...defaultServerArgv, programName: "classifier", name: "jubaclassifier/tutorial", mixer: "linear_mixer" },
  ...more
})

describe("controlCluster", () => {
  test("start with no jubavisor registered exits with 255 and says why", async () => {
    const { io, control } = captured()
    expect(await control(request("start"))).toBe(NO_VISOR_STATUS)
    expect(io.outText).toBe("")
    expect(io.errLines).toEqual(['cannot start "jubaclassifier/tutorial": no jubavisor is registered in ZooKeeper'])
  })

  test("start sends each visor its share with the server_argv, in sorted order, and creates the cluster's znode", async () => {
    const ok = () => Outcome.result(0)
    const a = await fakeEndpoint(ok)
    const b = await fakeEndpoint(ok)
    // ZooKeeper's children come sorted as strings, and jubactl keeps that order.
    const [first, second] = String(a.port) < String(b.port) ? [a, b] : [b, a]
    const reg = await registrations()
    await run(reg.coord.registerSupervisor("127.0.0.1", first.port))
    await run(reg.coord.registerSupervisor("127.0.0.1", second.port))
    const { io, control } = captured()
    const req = request("start", { num: 3 })
    expect(await control(req)).toBe(0)
    expect(first.calls).toHaveLength(1)
    expect(first.calls[0].method).toBe("start")
    expect(first.calls[0].params.slice(0, 2)).toEqual(["jubaclassifier/tutorial", 2])
    expect(serverArgvType.check(first.calls[0].params[2])).toEqual(req.serverArgv)
    expect(second.calls[0].params.slice(0, 2)).toEqual(["jubaclassifier/tutorial", 1])
    expect(io.outText).toBe(
      `sending start / jubaclassifier/tutorial to 127.0.0.1_${first.port}...ok.\n` +
        `sending start / jubaclassifier/tutorial to 127.0.0.1_${second.port}...ok.\n`
    )
    expect(await zkTree(zk.connectString)).toContain("/jubatus/actors/classifier/tutorial")
    await reg.close()
  })

  test("a visor that refuses or cannot be reached prints failed., and the others are still asked", async () => {
    const refusing = await fakeEndpoint(() => Outcome.result(-1))
    const fine = await fakeEndpoint(() => Outcome.result(0))
    const nobody = await freePort()
    const reg = await registrations()
    for (const port of [refusing.port, fine.port, nobody]) await run(reg.coord.registerSupervisor("127.0.0.1", port))
    const { io, control } = captured()
    expect(await control(request("stop"))).toBe(0)
    const lines = io.outText.trim().split("\n").sort()
    expect(lines).toEqual(
      [
        `sending stop / jubaclassifier/tutorial to 127.0.0.1_${refusing.port}...failed.`,
        `sending stop / jubaclassifier/tutorial to 127.0.0.1_${fine.port}...ok.`,
        `sending stop / jubaclassifier/tutorial to 127.0.0.1_${nobody}...failed.`
      ].sort()
    )
    expect(fine.calls).toEqual([{ method: "stop", params: ["jubaclassifier/tutorial", 1] }])
    expect(io.errLines.find((l) => l.includes(String(refusing.port)))).toBe(
      `cannot stop "jubaclassifier/tutorial" on 127.0.0.1_${refusing.port}: jubavisor answered -1`
    )
    await reg.close()
  })

  test("save and load go to every member with the cluster name and the id", async () => {
    const saving = await fakeEndpoint((method) => Outcome.result(method === "save" ? { x: "/tmp/x" } : true))
    const broken = await fakeEndpoint(() => Outcome.failure("cannot open output file"))
    const reg = await registrations()
    await run(reg.coord.registerActor("classifier", "members", "127.0.0.1", saving.port))
    await run(reg.coord.registerActor("classifier", "members", "127.0.0.1", broken.port))
    const { io, control } = captured()
    expect(await control(request("save", { name: "members", id: "snap1" }))).toBe(0)
    expect(await control(request("load", { name: "members", id: "snap1" }))).toBe(0)
    expect(saving.calls).toEqual([
      { method: "save", params: ["members", "snap1"] },
      { method: "load", params: ["members", "snap1"] }
    ])
    const lines = io.outText.trim().split("\n")
    expect(lines.filter((l) => l.endsWith("ok."))).toEqual([
      `sending save / members to 127.0.0.1_${saving.port}...ok.`,
      `sending load / members to 127.0.0.1_${saving.port}...ok.`
    ])
    expect(lines.filter((l) => l.endsWith("failed."))).toHaveLength(2)
    expect(io.errLines).toContain(`cannot save "members" on 127.0.0.1_${broken.port}: cannot open output file`)
    await reg.close()
  })

  test("status lists the type's proxies, the visors and the cluster's members under blue headers", async () => {
    const reg = await registrations()
    await run(reg.coord.registerProxy("classifier", "10.0.0.1", 9199))
    await run(reg.coord.registerSupervisor("10.0.0.2", 9198))
    await run(reg.coord.registerSupervisor("10.0.0.1", 9198))
    await run(reg.coord.registerActor("classifier", "listed", "10.0.0.2", 9199))
    const { io, control } = captured()
    expect(await control(request("status", { name: "listed" }), true)).toBe(0)
    expect(io.outText).toBe(
      "\u001b[34mactive jubaproxy members:\u001b[0m\n10.0.0.1_9199\n" +
        "\u001b[34mactive jubavisor members:\u001b[0m\n10.0.0.1_9198\n10.0.0.2_9198\n" +
        "\u001b[34mactive listed members:\u001b[0m\n10.0.0.2_9199\n"
    )
    await reg.close()
  })

  test("status of a cluster nobody knows prints three empty sections", async () => {
    const { io, control } = captured()
    expect(await control(request("status", { type: "regression", name: "ghost" }))).toBe(0)
    expect(io.outText).toBe("active jubaproxy members:\nactive jubavisor members:\nactive ghost members:\n")
  })
})

describe("serverArgvOf", () => {
  test("fills the fields jubactl fills from its [start] options and keeps server_argv's defaults elsewhere", () => {
    const parsed = parseCtlOptions(
      ["-c", "start", "-s", "jubaclassifier", "-n", "tut", "-t", "classifier", "-B", "eth1", "-C", "3", "-T", "20", "-D", "/d", "-L", "/l", "-G", "g.xml", "-X", "skip_mixer", "-S", "4", "-I", "64", "-Z", "7", "-R", "8"],
      "jubactl",
      { ZK: "zk:2181" }
    )
    if (parsed._tag !== "Options") throw new Error(`unexpected ${parsed._tag}`)
    expect(serverArgvOf(parsed.values)).toEqual({
      port: 9199,
      bindAddress: "",
      bindIf: "eth1",
      timeout: 20,
      zookeeperTimeout: 7,
      interconnectTimeout: 8,
      threadnum: 3,
      programName: "classifier",
      type: "",
      z: "zk:2181",
      name: "jubaclassifier/tut",
      datadir: "/d",
      logdir: "/l",
      logConfig: "g.xml",
      eth: "localhost",
      intervalSec: 4,
      intervalCount: 64,
      mixer: "skip_mixer",
      daemon: false,
      configTest: false
    })
  })
})
