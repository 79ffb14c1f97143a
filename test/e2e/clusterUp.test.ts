// `juba cluster up` run from the compiled binary as a user runs it: wait for its table, learn the digits
// through the printed proxy port with the typed client, press Ctrl-C (SIGINT), and check that every
// process it printed is gone and that it left no membership or config in ZooKeeper.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { type ChildProcess, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { ClassifierClient, datumOf, type Datum } from "../../mod.ts"
import { binDir, ensureBinary, sharedData, tempDir } from "../support/juba.ts"
import { startZooKeeper, zkTree, type ZooKeeperServer } from "../support/zookeeper.ts"

interface Row {
  readonly role: string
  readonly host: string
  readonly port: number
  /** Undefined for `-`: a process the command did not start. */
  readonly pid: number | undefined
  readonly note: string
}

interface ClusterUp {
  readonly child: ChildProcess
  readonly rows: ReadonlyArray<Row>
  readonly stdout: () => string
  readonly stderr: () => string
  readonly exited: Promise<number | null>
}

const dir = tempDir("juba-cluster-test-")
const configFile = path.join(sharedData, "digits.config.json")
const launched: Array<ChildProcess> = []

const rowPattern = /^ {2}(zookeeper|proxy|server \d+) +([\d.]+):(\d+) +(\d+|-)(?: +(.*))?$/

/** Runs `juba cluster up args…` and resolves with the parsed table once it says the cluster is up. */
const clusterUp = async (args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<ClusterUp> => {
  ensureBinary()
  const child = spawn(path.join(binDir, "juba"), ["cluster", "up", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env }
  })
  launched.push(child)
  let out = ""
  let err = ""
  child.stdout?.on("data", (d) => (out += d))
  child.stderr?.on("data", (d) => (err += d))
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
  const deadline = Date.now() + 20_000
  while (!out.includes("Ctrl-C stops the cluster")) {
    if (child.exitCode !== null) throw new Error(`juba cluster up exited with ${child.exitCode}:\n${err}`)
    if (Date.now() > deadline) throw new Error(`juba cluster up printed no table in 20 s:\n${out}\n${err}`)
    await Bun.sleep(25)
  }
  const rows = out
    .split("\n")
    .map((line) => rowPattern.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ role: m[1], host: m[2], port: Number(m[3]), pid: m[4] === "-" ? undefined : Number(m[4]), note: m[5] ?? "" }))
  return { child, rows, stdout: () => out, stderr: () => err, exited }
}

/** Sends `signal` and waits for the exit code; a command that does not stop in 15 s fails the test. */
const stop = async (up: ClusterUp, signal: NodeJS.Signals = "SIGINT"): Promise<number | null> => {
  up.child.kill(signal)
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 15_000))
  const code = await Promise.race([up.exited, timeout])
  if (code === "timeout") throw new Error(`juba cluster up still runs 15 s after ${signal}`)
  return code
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const pidsOf = (rows: ReadonlyArray<Row>): Array<number> => rows.flatMap((r) => (r.pid === undefined ? [] : [r.pid]))

interface Example {
  readonly split: string
  readonly label: string
  readonly datum: Datum
}

const digits = (): Array<Example> =>
  fs
    .readFileSync(path.join(sharedData, "digits.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const o = JSON.parse(l) as { split: string; label: string; string: Record<string, string>; num: Record<string, number> }
      return { split: o.split, label: o.label, datum: datumOf({ string: o.string, num: o.num }) }
    })

const best = (scores: ReadonlyArray<readonly [string, number]>): string =>
  scores.reduce((a, b) => (b[1] > a[1] ? b : a), ["", -Infinity] as readonly [string, number])[0]

afterAll(() => {
  for (const child of launched) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
  fs.rmSync(dir, { recursive: true, force: true })
})

describe("juba cluster up", () => {
  let zk: ZooKeeperServer
  beforeAll(async () => {
    zk = await startZooKeeper()
  })
  afterAll(async () => {
    await zk?.stop()
  })

  test("runs 3 servers and a proxy on a given ZooKeeper, and Ctrl-C leaves no process, member or config behind", async () => {
    const name = "walk"
    const up = await clusterUp([
      "--type", "classifier", "--name", name, "-f", configFile, "--zookeeper", zk.connectString,
      "--proxy-port", "0", "--base-port", "0"
    ])
    expect(up.rows.map((r) => r.role)).toEqual(["zookeeper", "proxy", "server 1", "server 2", "server 3"])
    expect(up.rows[0]).toMatchObject({ host: "127.0.0.1", port: zk.port, pid: undefined })
    const proxy = up.rows[1]
    const servers = up.rows.slice(2)
    expect(up.stdout()).toContain(`ClassifierClient({ port: ${proxy.port}, name: "walk" })`)
    expect(up.stdout()).toContain(`jubatus.classifier.client.Classifier("127.0.0.1", ${proxy.port}, "walk")`)
    for (const pid of pidsOf(up.rows)) expect(alive(pid)).toBe(true)

    const ids = servers.map((s) => `${s.host}_${s.port}`).sort()
    const actives = `/jubatus/actors/classifier/${name}/actives`
    expect(await zkTree(zk.connectString, { root: actives })).toEqual([actives, ...ids.map((id) => `${actives}/${id} [EPHEMERAL]`)])
    const configNode = `/jubatus/config/classifier/${name}`
    const stored = await zkTree(zk.connectString, { root: configNode, withData: true })
    expect(stored).toEqual([`${configNode} data='${fs.readFileSync(configFile, "utf8")}'`])

    const client = ClassifierClient({ port: proxy.port, name })
    const rows = digits()
    const train = rows.filter((r) => r.split === "train")
    const held = rows.filter((r) => r.split !== "train")
    const batch = 50
    for (let i = 0; i < train.length; i += batch) {
      await client.train(train.slice(i, i + batch).map((r) => [r.label, r.datum] as [string, Datum]))
    }
    // Every train call went to one of the three servers: their update counts add up to the calls made.
    const status = await client.getStatus()
    expect(Object.keys(status).sort()).toEqual(ids)
    const updates = Object.values(status).reduce((sum, s) => sum + Number(s.update_count), 0)
    expect(updates).toBe(Math.ceil(train.length / batch))
    // Each server learned from the batches it was sent; one MIX, asked of server 1, gives all three the
    // same model: the three are one cluster.
    const first = ClassifierClient({ port: servers[0].port, name })
    expect(await first.call("do_mix", [])).toBe(true)
    first.close()
    const labelsBy: Array<Array<string>> = []
    for (const s of servers) {
      const direct = ClassifierClient({ port: s.port, name })
      labelsBy.push((await direct.classify(held.map((r) => r.datum))).map(best))
      direct.close()
    }
    expect(labelsBy[1]).toEqual(labelsBy[0])
    expect(labelsBy[2]).toEqual(labelsBy[0])
    // The mixed model has seen every row: far above the 0.1 of guessing, as a single server would be.
    const accuracy = held.filter((r, k) => labelsBy[0][k] === r.label).length / held.length
    expect(accuracy).toBeGreaterThan(0.85)
    // Whichever server the proxy picks, it answers with that model.
    expect((await client.classify(held.map((r) => r.datum))).map(best)).toEqual(labelsBy[0])
    client.close()

    expect(await stop(up)).toBe(0)
    for (const pid of pidsOf(up.rows)) expect(alive(pid)).toBe(false)
    const nodes = `/jubatus/actors/classifier/${name}/nodes`
    expect(await zkTree(zk.connectString, { root: nodes })).toEqual([nodes])
    expect(await zkTree(zk.connectString, { root: actives })).toEqual([actives])
    expect(await zkTree(zk.connectString, { root: configNode })).toEqual([])
    expect(await zkTree(zk.connectString, { root: "/jubatus/jubaproxies/classifier" })).toEqual(["/jubatus/jubaproxies/classifier"])
    expect(up.stderr()).toContain('cluster classifier "walk" stopped')
  }, 40_000)

  test("refuses to replace a different config stored under the same name, and keeps it", async () => {
    const other = path.join(dir, "other.json")
    const text = JSON.stringify({ ...JSON.parse(fs.readFileSync(configFile, "utf8")), method: "PA1" })
    fs.writeFileSync(other, text)
    const write = Bun.spawnSync([path.join(binDir, "juba"), "config", "-c", "write", "-z", zk.connectString, "-t", "classifier", "-n", "taken", "-f", other])
    expect(write.exitCode).toBe(0)
    const r = Bun.spawnSync([path.join(binDir, "juba"), "cluster", "up", "-t", "classifier", "-n", "taken", "-f", configFile, "-z", zk.connectString, "-p", "0", "-P", "0"])
    expect(r.exitCode).toBe(1)
    expect(r.stderr.toString()).toContain(
      `cannot write the config of classifier "taken": ZooKeeper ${zk.connectString} already holds a different one`
    )
    const node = "/jubatus/config/classifier/taken"
    expect(await zkTree(zk.connectString, { root: node, withData: true })).toEqual([`${node} data='${text}'`])
  })

  test("starts its own ZooKeeper when none is given, and stops it and removes its data dir on SIGTERM", async () => {
    const up = await clusterUp(["-t", "classifier", "-f", configFile, "-N", "2", "-p", "0", "-P", "0"])
    expect(up.rows.map((r) => r.role)).toEqual(["zookeeper", "proxy", "server 1", "server 2"])
    const zookeeper = up.rows[0]
    expect(zookeeper.pid).toBeNumber()
    const dataDir = zookeeper.note.replace(/^data in /, "")
    expect(fs.existsSync(path.join(dataDir, "zoo.cfg"))).toBe(true)
    const client = ClassifierClient({ port: up.rows[1].port, name: "tutorial" })
    expect(await client.train([["one", datumOf({ num: { x: 1 } })], ["two", datumOf({ num: { x: -1 } })]])).toBe(2)
    expect(Object.keys(await client.getStatus()).length).toBe(2)
    client.close()

    expect(await stop(up, "SIGTERM")).toBe(0)
    for (const pid of pidsOf(up.rows)) expect(alive(pid)).toBe(false)
    expect(fs.existsSync(dataDir)).toBe(false)
  }, 40_000)

  test("stops everything and exits 1 when one of its servers dies", async () => {
    const up = await clusterUp(["-t", "classifier", "-f", configFile, "-N", "2", "-p", "0", "-P", "0"])
    const victim = up.rows.find((r) => r.role === "server 2")?.pid ?? -1
    process.kill(victim, "SIGKILL")
    const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 15_000))
    expect(await Promise.race([up.exited, timeout])).toBe(1)
    expect(up.stderr()).toContain(`server 2 (pid ${victim}) stopped unexpectedly: killed by SIGKILL`)
    for (const pid of pidsOf(up.rows)) expect(alive(pid)).toBe(false)
  }, 40_000)

  test("refuses a taken port before starting anything", async () => {
    const busy = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } })
    try {
      const r = Bun.spawnSync([path.join(binDir, "juba"), "cluster", "up", "-t", "classifier", "-f", configFile, "-p", String(busy.port), "-P", "0"])
      expect(r.exitCode).toBe(1)
      const err = r.stderr.toString()
      expect(err).toContain(`cannot start proxy on 127.0.0.1:${busy.port}: the port is in use`)
      expect(err).not.toContain("starting ZooKeeper")
    } finally {
      busy.stop(true)
    }
  })

  test("says how to install ZooKeeper when ZOOKEEPER_HOME names none", () => {
    const empty = path.join(dir, "no-zookeeper")
    fs.mkdirSync(empty, { recursive: true })
    const r = Bun.spawnSync([path.join(binDir, "juba"), "cluster", "up", "-t", "classifier", "-f", configFile, "-p", "0", "-P", "0"], {
      env: { ...process.env, ZOOKEEPER_HOME: empty }
    })
    expect(r.exitCode).toBe(1)
    expect(r.stderr.toString()).toContain(`cannot start ZooKeeper from ZOOKEEPER_HOME "${empty}": it holds no zookeeper jar`)
  })
})
