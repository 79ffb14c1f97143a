// Throw-away ZooKeeper servers for end-to-end tests: one standalone server or a loopback ensemble
// (Debian's zookeeper 3.8 on Java 17), each on free ports with a temp data dir, stopped by pid.
// Also a dump of the /jubatus tree for tests that assert the znode layout of spec §2.
import { type ChildProcess, spawn } from "node:child_process"
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer, connect as netConnect } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as zookeeper from "node-zookeeper-client"
import { ZkSession } from "../../src/coord/ZkSession.ts"

const ZOOKEEPER_JAR = "/usr/share/java/zookeeper.jar"
// A small heap and the client compiler: the server is idle in tests and starts ~2× faster so.
const JVM_FLAGS = ["-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData"]
const MAIN_CLASS = "org.apache.zookeeper.server.quorum.QuorumPeerMain"

export interface ZooKeeperOptions {
  /** ZooKeeper's tick (ms): sessions may last 2–20 ticks by default; short ticks elect leaders fast. */
  readonly tickTime?: number
  /** How long to wait for the server to answer (ms). */
  readonly startTimeoutMs?: number
}

export interface ZooKeeperServer {
  /** `127.0.0.1:<port>` */
  readonly connectString: string
  readonly port: number
  /** Pid of the running JVM (changes on `restart`). */
  readonly pid: number
  readonly dataDir: string
  /** SIGTERM, SIGKILL after 3 s; the data dir is removed unless `keepData`. */
  stop(options?: { readonly keepData?: boolean }): Promise<void>
  /** SIGKILL at once, keeping the data dir so that `restart` finds its sessions again. */
  kill(): Promise<void>
  /** Starts the stopped server again on the same port and data. */
  restart(): Promise<void>
  /** The `Mode:` line of `srvr`: `standalone`, `leader`, `follower`, or "" when not serving. */
  mode(): Promise<string>
}

export interface ZooKeeperEnsemble {
  /** All members, comma-separated, as given to `-z`. */
  readonly connectString: string
  readonly members: ReadonlyArray<ZooKeeperServer>
  /** The member whose `srvr` says `Mode: leader` (waits for an election to finish). */
  leader(timeoutMs?: number): Promise<ZooKeeperServer>
  stop(): Promise<void>
}

const live = new Set<ChildProcess>()
/** Temp dirs not yet removed by `stop`. */
const dirs = new Set<string>()
let exitHookInstalled = false

/** A crashed or forgetful test must not leave JVMs or data dirs behind. */
const installExitHook = () => {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.on("exit", () => {
    for (const child of live) {
      try {
        child.kill("SIGKILL")
      } catch {
        // already gone
      }
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A port nobody listens on right now (the kernel's pick for port 0). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

/** Sends a four-letter word (`ruok`, `srvr`, `stat`, …) and returns the whole answer ("" on failure). */
export const fourLetter = (port: number, word: string, timeoutMs = 1000): Promise<string> =>
  new Promise((resolve) => {
    const chunks: Array<Buffer> = []
    const socket = netConnect({ host: "127.0.0.1", port })
    const done = (text: string) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(text)
    }
    const timer = setTimeout(() => done(""), timeoutMs)
    socket.on("connect", () => socket.write(word))
    socket.on("data", (chunk: Buffer) => chunks.push(chunk))
    socket.on("end", () => done(Buffer.concat(chunks).toString("utf8")))
    socket.on("error", () => done(""))
  })

const modeOf = (srvr: string): string => /^Mode: (\w+)/m.exec(srvr)?.[1] ?? ""

const waitExit = (child: ChildProcess, timeoutMs: number): Promise<boolean> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(true)
    : new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs)
      child.once("exit", () => {
        clearTimeout(timer)
        resolve(true)
      })
    })

interface MemberSpec {
  readonly dir: string
  readonly port: number
  readonly config: string
  readonly quorum: boolean
  readonly startTimeoutMs: number
}

class Member implements ZooKeeperServer {
  private child: ChildProcess | undefined

  constructor(private readonly spec: MemberSpec) {
    installExitHook()
    dirs.add(spec.dir)
    writeFileSync(join(spec.dir, "zoo.cfg"), spec.config)
  }

  get connectString(): string {
    return `127.0.0.1:${this.spec.port}`
  }

  get port(): number {
    return this.spec.port
  }

  get pid(): number {
    return this.child?.pid ?? 0
  }

  get dataDir(): string {
    return join(this.spec.dir, "data")
  }

  /** Spawns the JVM; resolves once it answers `ruok` (standalone: also serves requests). */
  async launch(): Promise<void> {
    const log = openSync(join(this.spec.dir, "zookeeper.log"), "a")
    const child = spawn("java", [...JVM_FLAGS, "-cp", `${this.spec.dir}:${ZOOKEEPER_JAR}`, MAIN_CLASS, join(this.spec.dir, "zoo.cfg")], {
      stdio: ["ignore", log, log]
    })
    closeSync(log)
    this.child = child
    live.add(child)
    child.once("exit", () => live.delete(child))
    const deadline = Date.now() + this.spec.startTimeoutMs
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`cannot start ZooKeeper on port ${this.spec.port}: exited with ${child.exitCode ?? child.signalCode}: ${this.logTail()}`)
      }
      if ((await fourLetter(this.spec.port, "ruok", 300)) === "imok") {
        if (this.spec.quorum || (await this.mode()) === "standalone") return
      }
      await sleep(25)
    }
    await this.kill()
    throw new Error(`cannot start ZooKeeper on port ${this.spec.port}: no answer in ${this.spec.startTimeoutMs} ms: ${this.logTail()}`)
  }

  async mode(): Promise<string> {
    return modeOf(await fourLetter(this.spec.port, "srvr"))
  }

  async stop(options?: { readonly keepData?: boolean }): Promise<void> {
    const child = this.child
    if (child !== undefined) {
      child.kill("SIGTERM")
      if (!(await waitExit(child, 3000))) {
        child.kill("SIGKILL")
        await waitExit(child, 3000)
      }
    }
    if (options?.keepData !== true) {
      rmSync(this.spec.dir, { recursive: true, force: true })
      dirs.delete(this.spec.dir)
    }
  }

  async kill(): Promise<void> {
    const child = this.child
    if (child === undefined) return
    child.kill("SIGKILL")
    await waitExit(child, 3000)
  }

  async restart(): Promise<void> {
    await this.kill()
    await this.launch()
  }

  private logTail(): string {
    try {
      return readFileSync(join(this.spec.dir, "zookeeper.log"), "utf8").trim().split("\n").slice(-3).join(" | ")
    } catch {
      return "no log"
    }
  }
}

const baseConfig = (dir: string, port: number, tickTime: number): Array<string> => [
  `tickTime=${tickTime}`,
  `dataDir=${join(dir, "data")}`,
  `clientPort=${port}`,
  "clientPortAddress=127.0.0.1",
  // Keep the usual 60 s ceiling whatever the tick, so `-Z 10` means 10 s here too.
  `maxSessionTimeout=60000`,
  "admin.enableServer=false",
  "4lw.commands.whitelist=*",
  // No fsync per transaction: the data dir is thrown away anyway.
  "forceSync=no"
]

/** Starts a standalone server on a free loopback port; a port lost to a race is retried. */
export const startZooKeeper = async (options: ZooKeeperOptions = {}): Promise<ZooKeeperServer> => {
  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), "juba-zk-"))
    const port = await freePort()
    const member = new Member({
      dir,
      port,
      config: baseConfig(dir, port, options.tickTime ?? 200).join("\n") + "\n",
      quorum: false,
      startTimeoutMs: options.startTimeoutMs ?? 15000
    })
    try {
      await member.launch()
      return member
    } catch (error) {
      lastError = error
      await member.stop()
    }
  }
  throw lastError
}

/** Starts `size` servers forming one ensemble on loopback; resolves once it has a leader. */
export const startEnsemble = async (size = 3, options: ZooKeeperOptions = {}): Promise<ZooKeeperEnsemble> => {
  // Free ports are only free when asked; a member losing one to a race gets a fresh set.
  let lastError: unknown
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return await launchEnsemble(size, options)
    } catch (error) {
      lastError = error
    }
  }
  throw lastError
}

const launchEnsemble = async (size: number, options: ZooKeeperOptions): Promise<ZooKeeperEnsemble> => {
  const tickTime = options.tickTime ?? 200
  const ports: Array<{ client: number; peer: number; election: number }> = []
  const taken = new Set<number>()
  const pick = async () => {
    for (;;) {
      const port = await freePort()
      if (!taken.has(port)) {
        taken.add(port)
        return port
      }
    }
  }
  for (let i = 0; i < size; i++) ports.push({ client: await pick(), peer: await pick(), election: await pick() })
  const servers = ports.map((p, i) => `server.${i + 1}=127.0.0.1:${p.peer}:${p.election}`)
  const members = ports.map((p, i) => {
    const dir = mkdtempSync(join(tmpdir(), `juba-zk${i + 1}-`))
    // Each member's id in the ensemble, as its data dir's `myid`.
    mkdirSync(join(dir, "data"), { recursive: true })
    writeFileSync(join(dir, "data", "myid"), `${i + 1}\n`)
    const config = [...baseConfig(dir, p.client, tickTime), "initLimit=10", "syncLimit=5", ...servers].join("\n") + "\n"
    return new Member({ dir, port: p.client, config, quorum: true, startTimeoutMs: options.startTimeoutMs ?? 15000 })
  })
  const ensemble: ZooKeeperEnsemble = {
    connectString: members.map((m) => m.connectString).join(","),
    members,
    leader: async (timeoutMs = 15000) => {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        for (const member of members) if ((await member.mode()) === "leader") return member
        await sleep(50)
      }
      throw new Error(`ZooKeeper ensemble ${ensemble.connectString} has no leader after ${timeoutMs} ms`)
    },
    stop: async () => {
      await Promise.all(members.map((m) => m.stop()))
    }
  }
  try {
    await Promise.all(members.map((m) => m.launch()))
    await ensemble.leader()
    // Followers answer `srvr` with a mode only once they have synced with the leader.
    const deadline = Date.now() + (options.startTimeoutMs ?? 15000)
    for (const member of members) {
      while ((await member.mode()) === "" && Date.now() < deadline) await sleep(50)
    }
    return ensemble
  } catch (error) {
    await ensemble.stop()
    throw error
  }
}

/**
 * The tree under `root` (default /jubatus), depth first with sorted children, one line per node:
 * `path` or `path [EPHEMERAL]`, with ` data='…'` appended when `withData` and the node has data.
 */
export const zkTree = async (
  connectString: string,
  options: { readonly root?: string; readonly withData?: boolean } = {}
): Promise<Array<string>> => {
  const session = await ZkSession.connect({ hosts: connectString, sessionTimeoutMs: 4000 })
  try {
    const lines: Array<string> = []
    const visit = async (path: string): Promise<void> => {
      let node: Awaited<ReturnType<ZkSession["get"]>>
      try {
        node = await session.get(path)
      } catch {
        return // vanished while walking
      }
      let line = node.stat.ephemeral ? `${path} [EPHEMERAL]` : path
      if (options.withData === true && node.data.length > 0) line += ` data='${node.data.toString("utf8")}'`
      lines.push(line)
      const children = await session.children(path).catch(() => [] as Array<string>)
      for (const child of children) await visit(`${path === "/" ? "" : path}/${child}`)
    }
    await visit(options.root ?? "/jubatus")
    return lines
  } finally {
    await session.close()
  }
}

/**
 * Makes the server end `session` the way a real expiry does: a second client takes the session
 * over (with its id and password) and closes it. The victim's client is kept from reconnecting
 * meanwhile, else it could win the session back first. Resolves once the victim reports `expired`.
 */
export const expireSession = async (connectString: string, session: ZkSession, timeoutMs = 5000): Promise<void> => {
  interface Manager {
    state: number
    connect: () => void
  }
  const manager = (session as unknown as { client: { connectionManager: Manager } }).client.connectionManager
  const { id, password } = session.credentials
  manager.connect = () => undefined
  try {
    await new Promise<void>((resolve, reject) => {
      const thief = zookeeper.createClient(connectString, { sessionTimeout: 4000, sessionId: id, sessionPassword: password })
      const give = setTimeout(() => {
        thief.close()
        reject(new Error("cannot expire ZooKeeper session: no connection to take it over"))
      }, timeoutMs)
      thief.once("connected", () => {
        thief.once("disconnected", () => {
          clearTimeout(give)
          resolve()
        })
        thief.close()
      })
      thief.connect()
    })
  } finally {
    delete (manager as Partial<Manager>).connect
  }
  // The victim lost its connection when the thief took over; its reconnect now learns the news.
  if (manager.state === 0) manager.connect()
  const deadline = Date.now() + timeoutMs
  while ((session.state as string) !== "expired") {
    if (Date.now() > deadline) throw new Error(`cannot expire ZooKeeper session: still ${session.state}`)
    await sleep(10)
  }
}
