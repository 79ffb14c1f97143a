import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { configureLog } from "../../src/platform/log.ts"
import { defaultServerArgv, type ServerArgv } from "../../src/visor/ServerArgv.ts"
import { Supervisor } from "../../src/visor/Supervisor.ts"
import { tempDir } from "../support/juba.ts"

// Stand-ins for servers: shell scripts on a private PATH that record their arguments and their SIGTERM.
const dir = tempDir("juba-visor-")
const script = (name: string, body: string) => {
  const file = path.join(dir, name)
  fs.writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$@" > "$FAKE_DIR/$$.args"\n${body}\n`, { mode: 0o755 })
  return file
}
script("fakeserver", `trap 'echo term > "$FAKE_DIR/$$.term"; exit 0' TERM\nwhile true; do sleep 0.02; done`)
script("stubborn", `trap '' TERM\nwhile true; do sleep 0.02; done`)
script("shortlived", "exit 3")
const env = { PATH: `${dir}:/usr/bin:/bin`, FAKE_DIR: dir }
const argv: ServerArgv = { ...defaultServerArgv, datadir: "/data", mixer: "linear_mixer", threadnum: 3 }

const made: Array<Supervisor> = []
const supervisor = (options: Partial<ConstructorParameters<typeof Supervisor>[0]> = {}) => {
  const s = new Supervisor({
    zookeeper: "zk:2181",
    basePort: 9300,
    launcher: (program) => ({ file: path.join(dir, "fakeserver"), args: [program] }),
    env,
    childStderr: "ignore",
    ...options
  })
  made.push(s)
  return s
}

let logged: Array<string> = []
beforeAll(() => configureLog({ sink: (line) => logged.push(line) }))
afterAll(async () => {
  for (const s of made) await s.stopAll()
  configureLog({ sink: (line) => process.stderr.write(line) })
  fs.rmSync(dir, { recursive: true, force: true })
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const eventually = async (probe: () => boolean, timeoutMs = 3000) => {
  const deadline = Date.now() + timeoutMs
  while (!probe()) {
    if (Date.now() > deadline) throw new Error("condition not met in time")
    await sleep(10)
  }
}
const argsOf = async (pid: number): Promise<Array<string>> => {
  const file = path.join(dir, `${pid}.args`)
  await eventually(() => fs.existsSync(file) && fs.readFileSync(file, "utf8").endsWith("\n"))
  return fs.readFileSync(file, "utf8").split("\n").slice(0, -1)
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe("Supervisor", () => {
  test("start runs N servers from PATH on the first ports of the pool with jubavisor's arguments", async () => {
    const s = supervisor()
    expect(await s.start("fakeserver/tutorial", 2, argv)).toBe(0)
    const children = s.list()
    expect(children.map((c) => c.port)).toEqual([9301, 9302])
    expect(await argsOf(children[0].pid)).toEqual([
      "-z", "zk:2181", "-n", "tutorial", "-p", "9301", "-B", "", "-c", "3", "-t", "10", "-Z", "10", "-I", "10",
      "-d", "/data", "-l", "", "-g", "", "-s", "5", "-i", "1024", "-x", "linear_mixer"
    ])
    expect((await argsOf(children[1].pid))[5]).toBe("9302")
    await s.stopAll()
  })

  test("start tops a cluster up to N and refuses an N below what already runs", async () => {
    const s = supervisor()
    expect(await s.start("fakeserver/c1", 1, argv)).toBe(0)
    expect(await s.start("fakeserver/c1", 1, argv)).toBe(0)
    expect(s.list()).toHaveLength(1)
    expect(await s.start("fakeserver/c1", 3, argv)).toBe(0)
    expect(s.list()).toHaveLength(3)
    expect(await s.start("fakeserver/c1", 2, argv)).toBe(-1)
    expect(s.list()).toHaveLength(3)
    await s.stopAll()
  })

  test("start refuses more servers than free ports and then starts none", async () => {
    const s = supervisor({ maxChildren: 3 })
    expect(await s.start("fakeserver/a", 2, argv)).toBe(0)
    logged = []
    expect(await s.start("fakeserver/b", 2, argv)).toBe(-1)
    expect(logged.join("")).toContain('cannot start "fakeserver/b": cannot spawn more than 3 processes: 1 ports left while 2 requested')
    expect(s.list().map((c) => c.name)).toEqual(["a", "a"])
    expect(s.pool.available).toBe(1)
    await s.stopAll()
  })

  test("start refuses a target with a space and a server found nowhere", async () => {
    const s = supervisor()
    expect(await s.start("fakeserver/my cluster", 1, argv)).toBe(-1)
    logged = []
    expect(await s.start("nosuchserver/c", 1, argv)).toBe(-1)
    expect(logged.join("")).toContain('cannot start "nosuchserver/c": "nosuchserver" not found on PATH')
    expect(s.list()).toHaveLength(0)
    expect(s.pool.available).toBe(16)
  })

  test("a Jubatus server name is started through the launcher, not looked up on PATH", async () => {
    const s = supervisor()
    expect(await s.start("jubaclassifier/tutorial", 1, argv)).toBe(0)
    const [child] = s.list()
    const args = await argsOf(child.pid)
    expect(args.slice(0, 5)).toEqual(["jubaclassifier", "-z", "zk:2181", "-n", "tutorial"])
    await s.stopAll()
  })

  test("stop sends SIGTERM to every server of the cluster, waits for them and frees their ports", async () => {
    const s = supervisor()
    await s.start("fakeserver/x", 2, argv)
    await s.start("fakeserver/y", 1, argv)
    const xs = s.list().filter((c) => c.name === "x")
    await Promise.all(xs.map((c) => argsOf(c.pid)))
    expect(await s.stop("fakeserver/x", 0)).toBe(0)
    for (const c of xs) {
      expect(alive(c.pid)).toBe(false)
      expect(fs.existsSync(path.join(dir, `${c.pid}.term`))).toBe(true)
    }
    expect(s.list().map((c) => c.name)).toEqual(["y"])
    expect(s.pool.available).toBe(15)
    // The freed ports queue up behind the never-used ones, as in Jubatus's std::queue.
    await s.start("fakeserver/z", 1, argv)
    expect(s.list().find((c) => c.name === "z")?.port).toBe(9304)
    await s.stopAll()
  })

  test("stop of a cluster with no server here answers 0", async () => {
    expect(await supervisor().stop("fakeserver/none", 3)).toBe(0)
  })

  test("a server that dies by itself is reaped and its port returns to the pool", async () => {
    const s = supervisor()
    await s.start("fakeserver/d", 2, argv)
    const [victim] = s.list()
    process.kill(victim.pid, "SIGKILL")
    await eventually(() => s.list().length === 1)
    expect(s.pool.available).toBe(15)
    await s.start("shortlived/e", 1, argv)
    await eventually(() => s.list().length === 1)
    expect(s.pool.available).toBe(15)
    await s.stopAll()
  })

  test("a server that ignores SIGTERM is killed once the grace period is over", async () => {
    const s = supervisor({ stopGraceMs: 300 })
    await s.start("stubborn/s", 1, argv)
    const [child] = s.list()
    await argsOf(child.pid)
    const began = Date.now()
    expect(await s.stop("stubborn/s", 1)).toBe(0)
    expect(Date.now() - began).toBeGreaterThanOrEqual(300)
    expect(alive(child.pid)).toBe(false)
  })

  test("after stopAll nothing runs and no start is accepted", async () => {
    const s = supervisor()
    await s.start("fakeserver/f", 3, argv)
    const pids = s.list().map((c) => c.pid)
    await s.stopAll()
    expect(pids.filter(alive)).toEqual([])
    expect(await s.start("fakeserver/f", 1, argv)).toBe(-1)
  })
})
