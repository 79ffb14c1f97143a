// jubaconfig against a real ZooKeeper (spec §1.5): configs written, read, listed and deleted, and its
// refusals — printed on stdout with exit code 1, as Jubatus's jubaconfig prints them.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { ZkSession } from "../../src/coord/ZkSession.ts"
import { freePort, runProgram, startProgram, tempDir, type JubaProcess } from "../support/juba.ts"
import { startZooKeeper, type ZooKeeperServer } from "../support/zookeeper.ts"

const GOOD = '{"method": "PA",\n "converter": {"num_rules": [{"key": "*", "type": "num"}]}}\n'
const OTHER = '{"method": "perceptron", "converter": {"num_rules": [{"key": "*", "type": "num"}]}}'

let zk: ZooKeeperServer
const dir = tempDir()
const started: Array<JubaProcess> = []

const file = (name: string, text: string): string => {
  const p = path.join(dir, name)
  fs.writeFileSync(p, text)
  return p
}

const jubaconfig = (...args: Array<string>) => runProgram("jubaconfig", [`--zookeeper=${zk.connectString}`, ...args])
const write = (name: string, configFile: string) => jubaconfig("--cmd", "write", "--file", configFile, "--type", "classifier", "--name", name)
const read = (name: string) => jubaconfig("--cmd", "read", "--type", "classifier", "--name", name)

beforeAll(async () => {
  zk = await startZooKeeper()
}, 20000)

afterAll(async () => {
  for (const p of started) await p.kill()
  await zk?.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe("jubaconfig", () => {
  test("writes a config verbatim, reads it back without adding a newline, and lists it", () => {
    expect(write("tutorial", file("good.json", GOOD))).toEqual({ code: 0, stdout: "", stderr: "" })
    expect(read("tutorial")).toEqual({ code: 0, stdout: GOOD, stderr: "" })
    expect(write("second", file("other.json", OTHER)).code).toBe(0)
    expect(jubaconfig("--cmd", "list")).toMatchObject({
      code: 0,
      stdout: `type: classifier, name: second\n${OTHER}\n\ntype: classifier, name: tutorial\n${GOOD}\n\n`
    })
  })

  test("refuses a file that is not JSON with the file, line and position of the error", () => {
    const bad = file("bad.json", '{"method": "PA",\n  "converter": {,}}')
    const r = write("broken", bad)
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(new RegExp(`^syntax error in configuration: ${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2:\\d+ \\S.*\\n$`))
    expect(r.stderr).toBe("")
    expect(read("broken").stdout).toBe("config does not exist: /jubatus/config/classifier/broken\n")
  })

  test("refuses a config the engine rejects, and an empty file", () => {
    const noParameter = write("broken", file("arow.json", '{"method": "AROW", "converter": {}}'))
    expect(noParameter.code).toBe(1)
    expect(noParameter.stdout).toMatch(/^invalid configuration: .*parameter block is not specified in config\n$/)
    const unknown = write("broken", file("nope.json", '{"method": "NOPE", "converter": {}}'))
    expect(unknown.code).toBe(1)
    expect(unknown.stdout).toMatch(/^invalid configuration: .*unsupported method \(classifier\(NOPE\)\)\n$/)
    expect(write("broken", file("empty.json", ""))).toEqual({ code: 1, stdout: "config is empty\n", stderr: "" })
    expect(read("broken").code).toBe(1)
  })

  test("reading a config that does not exist says so", () => {
    expect(read("nowhere")).toEqual({ code: 1, stdout: "config does not exist: /jubatus/config/classifier/nowhere\n", stderr: "" })
  })

  test("refuses to write or delete while a server of the cluster runs, and allows it once it is gone", async () => {
    const port = await freePort()
    const server = await startProgram("jubaclassifier", ["-z", zk.connectString, "-n", "tutorial", "-p", String(port), "-b", "127.0.0.1", "-d", dir], port)
    started.push(server)
    // A server holds its config read lock for life, so the writer's lock is refused first (after
    // Jubatus's three retries a second apart).
    const startedAt = Date.now()
    expect(write("tutorial", file("other2.json", OTHER))).toEqual({ code: 1, stdout: "any user is using config?\n", stderr: "" })
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2900)
    // With that lock node removed by hand, the membership check still refuses.
    const session = await ZkSession.connect({ hosts: zk.connectString, sessionTimeoutMs: 4000 })
    const lockDir = "/jubatus/actors/classifier/tutorial/config_lock"
    const locks = await session.children(lockDir)
    expect(locks).toHaveLength(1)
    await session.remove(`${lockDir}/${locks[0]}`)
    await session.close()
    const refused = { code: 1, stdout: "any server is running: classifier, tutorial\n", stderr: "" }
    expect(write("tutorial", file("other2.json", OTHER))).toEqual(refused)
    expect(jubaconfig("--cmd", "delete", "--type", "classifier", "--name", "tutorial")).toEqual(refused)
    expect(read("tutorial").stdout).toBe(GOOD)
    expect(await server.stop()).toBe(0)
    expect(write("tutorial", file("other2.json", OTHER)).code).toBe(0)
    expect(read("tutorial").stdout).toBe(OTHER)
    expect(jubaconfig("--cmd", "delete", "--type", "classifier", "--name", "tutorial")).toEqual({ code: 0, stdout: "", stderr: "" })
    expect(read("tutorial").stdout).toBe("config does not exist: /jubatus/config/classifier/tutorial\n")
  }, 20000)

  test("a server of a cluster with no config stops with `config does not exist`", async () => {
    const port = await freePort()
    const err = await startProgram("jubaclassifier", ["-z", zk.connectString, "-n", "unconfigured", "-p", String(port), "-b", "127.0.0.1", "-d", dir], port).catch((e: Error) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toContain("exited with 1")
    expect((err as Error).message).toContain("config does not exist: /jubatus/config/classifier/unconfigured")
  })

  test("a server refuses a push mixer its model cannot use instead of running another one", async () => {
    expect(write("pushless", file("pa.json", GOOD)).code).toBe(0)
    const port = await freePort()
    const args = ["-z", zk.connectString, "-n", "pushless", "-p", String(port), "-b", "127.0.0.1", "-d", dir, "--mixer", "random_mixer"]
    const err = await startProgram("jubaclassifier", args, port).catch((e: Error) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toContain("exited with 1")
    expect((err as Error).message).toContain("cannot start with --mixer random_mixer: this classifier model has no versioned table")
  })

  test("prints its usage refusals on stdout too, with exit code 1", () => {
    const noName = jubaconfig("--cmd", "read", "--type", "classifier")
    expect(noName.code).toBe(1)
    expect(noName.stdout.startsWith("can't excute read without type and name specified\ntype: classifier name: \nusage: jubaconfig")).toBe(true)
    const unknown = jubaconfig("--cmd", "frob")
    expect(unknown.code).toBe(1)
    expect(unknown.stdout.startsWith("unknown cmd: frob\nusage: jubaconfig")).toBe(true)
    const noZk = runProgram("jubaconfig", ["--cmd", "list"], { env: { ZK: "" } })
    expect(noZk.code).toBe(1)
    expect(noZk.stdout.startsWith("can't get ZK location: set 'ZK' environment or specify '-z <somezkaddrs>'\n")).toBe(true)
    // An option the parser cannot read is the parser's error, on stderr.
    const bogus = jubaconfig("--cmd", "list", "--bogus")
    expect(bogus.code).toBe(1)
    expect(bogus.stderr).toContain("--bogus")
  })
})
