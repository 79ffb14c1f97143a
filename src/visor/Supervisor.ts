// The children of one jubavisor (jubavisor/jubavisor.cpp and process.cpp): `start` brings a cluster's
// count of servers on this host up to N, each on the next free port of the pool; `stop` sends SIGTERM
// to every server of a cluster and waits for each; an exited child (stopped or crashed) is reaped and
// its port goes back to the pool. Children are keyed by cluster name alone, as in Jubatus.
import { type ChildProcess, spawn } from "node:child_process"
import { log } from "../platform/log.ts"
import { PortPool } from "./PortPool.ts"
import { childArguments, parseTarget, type ServerArgv } from "./ServerArgv.ts"
import { resolveServer } from "./serverExecutable.ts"
import type { SelfLauncher } from "./selfLauncher.ts"

export interface SupervisorOptions {
  /** The visor's own `-z`: children join the ZooKeeper their visor uses. */
  readonly zookeeper: string
  /** The visor's RPC port; children get `basePort+1 … basePort+maxChildren`. */
  readonly basePort: number
  /** Jubatus: 16. */
  readonly maxChildren?: number
  readonly launcher: SelfLauncher
  /** The children's environment, PATH included (default: this process's). */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Where the children's stderr (their log) goes; their stdout is discarded. */
  readonly childStderr?: "inherit" | "ignore" | number
  /** How long a child may take to stop after SIGTERM before it is killed. */
  readonly stopGraceMs?: number
}

export interface ChildInfo {
  readonly server: string
  readonly name: string
  readonly port: number
  readonly pid: number
}

interface Child extends ChildInfo {
  readonly process: ChildProcess
  readonly exited: Promise<void>
}

const describeExit = (code: number | null, signal: NodeJS.Signals | null): string =>
  signal !== null ? `signal ${signal}` : `status ${code ?? "unknown"}`

export class Supervisor {
  readonly pool: PortPool
  private readonly children = new Map<string, Array<Child>>()
  private starting: Promise<unknown> = Promise.resolve()
  private closed = false

  constructor(private readonly options: SupervisorOptions) {
    this.pool = new PortPool(options.basePort, options.maxChildren ?? 16)
  }

  /** Every child still running. */
  list(): Array<ChildInfo> {
    const out: Array<ChildInfo> = []
    for (const list of this.children.values()) {
      for (const c of list) out.push({ server: c.server, name: c.name, port: c.port, pid: c.pid })
    }
    return out
  }

  /** RPC `start`: 0 when `n` servers of the cluster run here afterwards, −1 otherwise. */
  start(target: string, n: number, argv: ServerArgv): Promise<number> {
    // One start at a time, as Jubatus holds its lock across the spawns: counts and ports stay consistent.
    const run = this.starting.then(() => this.startNow(target, n, argv))
    this.starting = run.catch(() => undefined)
    return run
  }

  private async startNow(target: string, n: number, argv: ServerArgv): Promise<number> {
    log.info(`${target} ${n}`)
    if (this.closed) {
      log.error(`cannot start "${target}": jubavisor is stopping`)
      return -1
    }
    const parsed = parseTarget(target)
    if (parsed === undefined) {
      log.error(`cannot start "${target}": expected <server>/<name> without spaces`)
      return -1
    }
    const { server, name } = parsed
    const running = this.children.get(name)?.length ?? 0
    if (running > n) {
      log.error(`cannot start "${target}": ${running} ${name} already running at this machine`)
      return -1
    }
    const need = n - running
    if (need === 0) return 0
    if (this.pool.available < need) {
      log.error(
        `cannot start "${target}": cannot spawn more than ${this.pool.size} processes: ${this.pool.available} ports left while ${need} requested`
      )
      return -1
    }
    const env = this.options.env ?? process.env
    const invocation = resolveServer(server, this.options.launcher, env.PATH)
    if (invocation === undefined) {
      log.error(`cannot start "${target}": "${server}" not found on PATH (PATH=${env.PATH ?? ""})`)
      return -1
    }
    for (let i = 0; i < need; i++) {
      const port = this.pool.take() as number
      log.info(`forking ${server} with port ${port}`)
      const child = await this.spawnChild(server, name, port, [...invocation.args, ...childArguments(argv, this.options.zookeeper, name, port)], invocation.file)
      if (child === undefined) {
        this.pool.give(port)
        return -1
      }
      log.info(`forked - pid: ${child.pid}`)
    }
    return 0
  }

  private spawnChild(server: string, name: string, port: number, args: Array<string>, file: string): Promise<Child | undefined> {
    let proc: ChildProcess
    try {
      proc = spawn(file, args, {
        stdio: ["ignore", "ignore", this.options.childStderr ?? "inherit"],
        env: (this.options.env ?? process.env) as NodeJS.ProcessEnv
      })
    } catch (e) {
      log.error(`cannot start ${server}: ${file}: ${e instanceof Error ? e.message : String(e)}`)
      return Promise.resolve(undefined)
    }
    return new Promise((resolve) => {
      let settled = false
      proc.on("error", (e) => {
        if (settled) {
          log.warn(`${server} with port ${port}: ${e.message}`)
          return
        }
        settled = true
        log.error(`cannot start ${server}: ${file}: ${e.message}`)
        resolve(undefined)
      })
      proc.once("spawn", () => {
        if (settled) return
        settled = true
        const exited = new Promise<void>((done) =>
          proc.once("exit", (code, signal) => {
            this.reap(child, code, signal)
            done()
          })
        )
        const child: Child = { server, name, port, pid: proc.pid ?? -1, process: proc, exited }
        const list = this.children.get(name)
        if (list === undefined) this.children.set(name, [child])
        else list.push(child)
        resolve(child)
      })
    })
  }

  /** The SIGCHLD handler's work: forget the child and free its port. */
  private reap(child: Child, code: number | null, signal: NodeJS.Signals | null): void {
    const list = this.children.get(child.name)
    if (list !== undefined) {
      const at = list.indexOf(child)
      if (at >= 0) list.splice(at, 1)
      if (list.length === 0) this.children.delete(child.name)
    }
    this.pool.give(child.port)
    log.info(`${child.server} with port ${child.port} exited pid: ${child.pid} (${describeExit(code, signal)})`)
  }

  /** RPC `stop`: stops every server of the cluster (`n` is ignored, as in Jubatus); −(failed kills). */
  async stop(target: string, _n: number): Promise<number> {
    if (target.includes(" ")) return 0
    const cut = target.indexOf("/")
    const name = cut < 0 ? target : target.slice(cut + 1)
    const list = this.children.get(name)
    if (list === undefined) {
      log.info(`${name} is not in children`)
      return 0
    }
    this.children.delete(name)
    const results = await Promise.all(list.map((c) => this.terminate(c)))
    // `0 - n`, not `-n`: a negative zero would not be the integer 0 jubactl expects.
    return 0 - results.filter((ok) => !ok).length
  }

  /** Stops every child (jubavisor's exit, or its lost ZooKeeper session); no start is accepted after. */
  async stopAll(): Promise<void> {
    this.closed = true
    await this.starting
    const all = [...this.children.values()].flat()
    this.children.clear()
    await Promise.all(all.map((c) => this.terminate(c)))
  }

  /** SIGTERM, then wait for the exit; false when the signal could not be sent. */
  private async terminate(child: Child): Promise<boolean> {
    if (!child.process.kill("SIGTERM")) {
      log.error(`failed stopping process: name(${child.name}) server(${child.server}) pid(${child.pid})`)
      return false
    }
    const graceMs = this.options.stopGraceMs ?? 8000
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), graceMs)
    })
    if (await Promise.race([child.exited.then(() => false), late])) {
      log.warn(`${child.server} with port ${child.port} (pid ${child.pid}) did not stop in ${graceMs} ms: killing it`)
      child.process.kill("SIGKILL")
      await child.exited
    }
    clearTimeout(timer)
    return true
  }
}
