// jubavisor and jubactl from the compiled binary, as in Jubatus's distributed tutorial, all on one host
// with a real ZooKeeper: two visors, a proxy, `jubactl -c start --num 3`, status, training through the
// proxy, save/clear/load on every member, one member stopped under load (it must leave the cluster before
// it exits, so the proxy never routes to a dead server), and `jubactl -c stop` leaving nothing behind.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as net from "node:net"
import * as path from "node:path"
import { missingZookeeperMessage } from "../../cmd/options/zookeeperLocation.ts"
import { ClassifierClient, datumOf } from "../../mod.ts"
import { ZkSession } from "../../src/coord/ZkSession.ts"
import { defaultIPv4 } from "../../src/platform/network.ts"
import { ClientConnection } from "../../src/rpc/ClientConnection.ts"
import { freePort, runProgram, startProgram, tempDir, type JubaProcess } from "../support/juba.ts"
import { startZooKeeper, zkTree, type ZooKeeperServer } from "../support/zookeeper.ts"

const TYPE = "classifier"
const NAME = "tutorial"
const config = {
  method: "AROW",
  parameter: { regularization_weight: 1.0 },
  converter: {
    string_rules: [{ key: "*", type: "str", sample_weight: "bin", global_weight: "bin" }],
    num_rules: [{ key: "*", type: "num" }]
  }
}
const ip = defaultIPv4()
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

let zk: ZooKeeperServer | undefined
let session: ZkSession | undefined
const processes: Array<JubaProcess> = []
const clients: Array<{ close: () => void }> = []
const serverPids: Array<number> = []
const dir = tempDir("juba-visorctl-")

beforeAll(async () => {
  zk = await startZooKeeper()
  session = await ZkSession.connect({ hosts: zk.connectString, sessionTimeoutMs: 10000 })
}, 20000)

afterAll(async () => {
  for (const c of clients) c.close()
  for (const p of processes.reverse()) await p.stop()
  for (const pid of serverPids) if (alive(pid)) process.kill(pid, "SIGKILL")
  await session?.close()
  await zk?.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** Running, and not a zombie: an orphaned daemon is reaped by whoever PID 1 is, maybe late. */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z"
  } catch {
    return true
  }
}

const bindable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = net.createServer()
    s.once("error", () => resolve(false))
    s.listen({ port, host: "0.0.0.0", exclusive: true }, () => s.close(() => resolve(true)))
  })

/** A visor port whose 16 server ports after it are free too (servers bind every interface). */
const visorPort = async (avoid: ReadonlyArray<number>): Promise<number> => {
  for (;;) {
    const base = 20000 + Math.floor(Math.random() * 12000)
    if (avoid.some((p) => Math.abs(p - base) <= 17)) continue
    let free = true
    for (let p = base; p <= base + 16 && free; p++) free = await bindable(p)
    if (free) return base
  }
}

const children = async (leaf: string): Promise<Array<string>> => session!.children(`/jubatus/actors/${TYPE}/${NAME}/${leaf}`).catch(() => [])
const supervisors = async (): Promise<Array<string>> => session!.children("/jubatus/supervisors").catch(() => [])

const waitFor = async <A>(probe: () => Promise<A>, ok: (a: A) => boolean, timeoutMs: number, what: string): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const a = await probe()
    if (ok(a)) return a
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(a)} after ${timeoutMs} ms`)
    await sleep(20)
  }
}

const ctl = (cmd: string, ...more: Array<string>) =>
  runProgram("jubactl", ["-c", cmd, "-s", `juba${TYPE}`, "-t", TYPE, "-n", NAME, ...more], { env: { ZK: zk!.connectString } })

const memberClient = (id: string) => {
  const port = Number(id.slice(id.indexOf("_") + 1))
  const c = ClassifierClient({ host: ip, port, name: NAME })
  clients.push(c)
  return c
}

const samples = [datumOf({ string: { w: "fine sunny" } }), datumOf({ string: { w: "cold rain" } }), datumOf({ num: { t: 30 } })]
/** What a member answers for the samples, labels sorted so that answers compare as values. */
const answersOf = async (client: ClassifierClient) =>
  (await client.classify(samples)).map((row) => row.map(([label, score]) => [label, Number(score.toFixed(6))]).sort())

describe("jubactl without ZooKeeper or jubavisors", () => {
  test("prints where to find ZooKeeper on stdout and exits 1 when neither -z nor ZK is given", () => {
    const r = runProgram("jubactl", ["-c", "status", "-s", "jubaclassifier", "-t", "classifier", "-n", "x"], { env: { ZK: "" } })
    expect(r.code).toBe(1)
    expect(r.stdout.split("\n")[0]).toBe(missingZookeeperMessage)
  })
})

describe("jubavisor and jubactl on one host", () => {
  test("run a three-server cluster from start to stop", async () => {
    const configFile = path.join(dir, "config.json")
    fs.writeFileSync(configFile, JSON.stringify(config))
    expect(runProgram("jubaconfig", ["-c", "write", "-z", zk!.connectString, "-f", configFile, "-n", NAME, "-t", TYPE]).code).toBe(0)

    // No visor yet: start has nowhere to go.
    const none = ctl("start", "-N", "3")
    expect(none.code).toBe(255)
    expect(none.stderr).toContain("no jubavisor is registered")

    const v1 = await visorPort([])
    const v2 = await visorPort([v1])
    for (const port of [v1, v2]) processes.push(await startProgram("jubavisor", ["-z", zk!.connectString, "-p", String(port)], port))
    await waitFor(supervisors, (s) => s.length === 2, 5000, "visors registered")
    const proxyPort = await freePort()
    processes.push(await startProgram(`juba${TYPE}_proxy`, ["-z", zk!.connectString, "-p", String(proxyPort), "-b", "127.0.0.1"], proxyPort))

    // --- start: 3 servers over 2 visors, the first (sorted) visor running 2 ---
    const began = performance.now()
    const started = ctl("start", "-N", "3", "-D", dir, "-S", "0", "-I", "0")
    expect(started.code).toBe(0)
    const [first, second] = [`${ip}_${v1}`, `${ip}_${v2}`].sort()
    expect(started.stdout).toBe(
      `sending start / juba${TYPE}/${NAME} to ${first}...ok.\nsending start / juba${TYPE}/${NAME} to ${second}...ok.\n`
    )
    const actives = await waitFor(() => children("actives"), (a) => a.length === 3, 15000, "actives")
    const activeAfterMs = performance.now() - began
    console.log(`jubactl -c start --num 3: all 3 members active after ${activeAfterMs.toFixed(0)} ms`)
    const firstBase = Number(first.slice(first.indexOf("_") + 1))
    const secondBase = Number(second.slice(second.indexOf("_") + 1))
    const nodes = await children("nodes")
    expect(nodes).toEqual([`${ip}_${firstBase + 1}`, `${ip}_${firstBase + 2}`, `${ip}_${secondBase + 1}`].sort())
    expect(actives).toEqual(nodes)

    // --- status: the proxy, both visors, the three members ---
    const status = ctl("status", "-z", zk!.connectString)
    expect(status.code).toBe(0)
    expect(status.stdout).toBe(
      `\u001b[34mactive jubaproxy members:\u001b[0m\n127.0.0.1_${proxyPort}\n` +
        `\u001b[34mactive jubavisor members:\u001b[0m\n${first}\n${second}\n` +
        `\u001b[34mactive ${NAME} members:\u001b[0m\n${nodes.join("\n")}\n`
    )
    const tree = await zkTree(zk!.connectString)
    expect(tree).toContain(`/jubatus/supervisors/${first} [EPHEMERAL]`)
    expect(tree).toContain(`/jubatus/supervisors/${second} [EPHEMERAL]`)

    // Every server is this binary, started under its Jubatus name.
    const members = nodes.map(memberClient)
    const statuses = await Promise.all(members.map(async (m, i) => (await m.getStatus())[nodes[i]]))
    for (const s of statuses) {
      expect(s.PROGNAME).toBe(`juba${TYPE}`)
      expect(s.datadir).toBe(fs.realpathSync(dir))
      serverPids.push(Number(s.pid))
    }

    // --- train through the proxy, then one mix so that every member holds the same model ---
    const proxy = ClassifierClient({ port: proxyPort, name: NAME })
    clients.push(proxy)
    for (let i = 0; i < 10; i++) {
      expect(await proxy.train([["sunny", datumOf({ string: { w: "fine sunny" }, num: { t: 25 + i } })], ["rainy", datumOf({ string: { w: "cold rain" }, num: { t: 5 + i } })]])).toBe(2)
    }
    const mixer = new ClientConnection(ip, Number(nodes[0].slice(nodes[0].indexOf("_") + 1)), 5000)
    expect((await mixer.call("do_mix", (w) => w.arrayHeader(0), 10000)).result).toBe(true)
    mixer.close()
    const trained = await answersOf(members[0])
    expect(trained[0][1]).toEqual(["sunny", expect.any(Number)])
    expect(trained[0].map(([label]) => label)).toEqual(["rainy", "sunny"])
    for (const m of members.slice(1)) expect(await answersOf(m)).toEqual(trained)
    expect((await proxy.classify([samples[0]]))[0].reduce((a, b) => (b[1] > a[1] ? b : a))[0]).toBe("sunny")
    expect((await proxy.classify([samples[1]]))[0].reduce((a, b) => (b[1] > a[1] ? b : a))[0]).toBe("rainy")

    // --- save on every member, clear the model, load it back on every member ---
    const saved = ctl("save", "-i", "snap")
    expect(saved.code).toBe(0)
    expect(saved.stdout).toBe(nodes.map((id) => `sending save / ${NAME} to ${id}...ok.\n`).join(""))
    for (const id of nodes) expect(fs.existsSync(path.join(dir, `${id}_${TYPE}_snap.jubatus`))).toBe(true)
    expect(await proxy.clear()).toBe(true)
    for (const m of members) expect(await m.getLabels()).toEqual({})
    const loaded = ctl("load", "-i", "snap")
    expect(loaded.stdout).toBe(nodes.map((id) => `sending load / ${NAME} to ${id}...ok.\n`).join(""))
    for (const m of members) expect(await answersOf(m)).toEqual(trained)

    // --- one member stopped while a client keeps classifying through the proxy ---
    const victim = nodes[2]
    const victimPid = serverPids[2]
    let leftAt = 0
    let exitedAt = 0
    await session!.exists(`/jubatus/actors/${TYPE}/${NAME}/nodes/${victim}`, (event) => {
      if (event.type === "deleted") leftAt = performance.now()
    })
    let calls = 0
    const failures: Array<string> = []
    let traffic = true
    const load = (async () => {
      const c = ClassifierClient({ port: proxyPort, name: NAME })
      clients.push(c)
      while (traffic) {
        try {
          await c.classify([samples[calls++ % samples.length]])
        } catch (e) {
          failures.push(e instanceof Error ? e.message : String(e))
        }
      }
    })()
    await sleep(100)
    process.kill(victimPid, "SIGTERM")
    while (alive(victimPid)) await sleep(2)
    exitedAt = performance.now()
    await sleep(200)
    traffic = false
    await load
    console.log(`one member stopped under load: left the cluster ${(exitedAt - leftAt).toFixed(0)} ms before its exit; ${calls} calls through the proxy, ${failures.length} failed`)
    expect(leftAt).toBeGreaterThan(0)
    expect(leftAt).toBeLessThan(exitedAt)
    expect(calls).toBeGreaterThan(20)
    expect(failures).toEqual([])
    expect(await children("nodes")).toEqual(nodes.slice(0, 2))
    expect(await children("actives")).toEqual(nodes.slice(0, 2))

    // --- stop: every server goes, and nothing of the cluster stays in ZooKeeper ---
    const stopped = ctl("stop")
    expect(stopped.code).toBe(0)
    expect(stopped.stdout).toBe(
      `sending stop / juba${TYPE}/${NAME} to ${first}...ok.\nsending stop / juba${TYPE}/${NAME} to ${second}...ok.\n`
    )
    expect(serverPids.filter(alive)).toEqual([])
    expect(await children("nodes")).toEqual([])
    expect(await children("actives")).toEqual([])
    expect(await supervisors()).toEqual([first, second])
    const after = ctl("status")
    expect(after.stdout.endsWith(`\u001b[34mactive ${NAME} members:\u001b[0m\n`)).toBe(true)
  }, 60000)

  test("with --daemon the command returns once the detached visor is registered, and the visor logs to --logdir", async () => {
    const port = await visorPort([])
    const logdir = tempDir("juba-visor-log-")
    const r = runProgram("jubavisor", ["-z", zk!.connectString, "-p", String(port), "-d", "-l", logdir])
    expect(r.code).toBe(0)
    const pid = Number(/\(pid (\d+)\)/.exec(r.stderr)?.[1])
    serverPids.push(pid)
    expect(alive(pid)).toBe(true)
    expect(await supervisors()).toContain(`${ip}_${port}`)
    const logFile = path.join(logdir, `jubavisor.${ip}_${port}.log`)
    expect(fs.readFileSync(logFile, "utf8")).toContain(`starting jubavisor`)
    expect(fs.readlinkSync(`/proc/${pid}/cwd`)).toBe("/")
    process.kill(pid, "SIGTERM")
    await waitFor(async () => alive(pid), (a) => !a, 5000, "daemon exit")
    expect(await supervisors()).not.toContain(`${ip}_${port}`)
    expect(fs.readFileSync(logFile, "utf8")).toContain("jubavisor stopped")
    fs.rmSync(logdir, { recursive: true, force: true })
  })

  test("a visor whose port is taken exits 1 without registering", async () => {
    const port = await visorPort([])
    const squatter = net.createServer()
    await new Promise<void>((resolve) => squatter.listen(port, "0.0.0.0", resolve))
    const r = runProgram("jubavisor", ["-z", zk!.connectString, "-p", String(port)])
    squatter.close()
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`server failed to start: any process using port ${port}?`)
    expect(await supervisors()).not.toContain(`${ip}_${port}`)
  })
})
