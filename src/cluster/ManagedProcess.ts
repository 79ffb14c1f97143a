// A child process of `juba cluster up` (a server, the proxy, a ZooKeeper) held as a scoped resource:
// the scope's end stops it with SIGTERM, then SIGKILL after a grace period. Children get their own
// process group, so a Ctrl-C in the terminal reaches only `juba cluster up`, which then stops them in
// order; ZooKeeper must outlive the servers, or they could not leave the cluster cleanly.
import { type ChildProcess, spawn } from "node:child_process"
import { Effect } from "effect"
import type { Scope } from "effect"
import { ClusterError } from "./ClusterError.ts"

export interface ProcessSpec {
  /** What the user reads in the table and in messages: `proxy`, `server 2`, `zookeeper`. */
  readonly role: string
  readonly file: string
  readonly args: ReadonlyArray<string>
  readonly argv0?: string
  /** How long SIGTERM may take before SIGKILL (ms). */
  readonly stopGraceMs?: number
}

export interface ProcessEnd {
  readonly code: number | null
  readonly signal: string | null
}

export interface ManagedProcess {
  readonly role: string
  readonly pid: number
  /** Settles when the process has ended, however it ended. */
  readonly ended: Promise<ProcessEnd>
  readonly running: () => boolean
  /** The last lines the process wrote (stdout and stderr interleaved), for error messages. */
  readonly outputTail: (lines?: number) => string
}

const TAIL_BYTES = 16 * 1024
const DEFAULT_GRACE_MS = 10_000

/** Children still alive when this process exits by any path (a crash included) are killed then. */
const alive = new Set<ChildProcess>()
let exitHookInstalled = false
const installExitHook = (): void => {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.on("exit", () => {
    for (const child of alive) {
      try {
        child.kill("SIGKILL")
      } catch {
        // already gone
      }
    }
  })
}

export const describeEnd = (end: ProcessEnd): string =>
  end.signal !== null ? `killed by ${end.signal}` : `exit code ${end.code ?? "unknown"}`

const waitFor = (ended: Promise<ProcessEnd>, ms: number): Promise<boolean> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    void ended.then(() => {
      clearTimeout(timer)
      resolve(true)
    })
  })

/** Spawns the process; resolves once the OS has started it (a missing executable fails here). */
const launch = (spec: ProcessSpec): Promise<{ child: ChildProcess; process: ManagedProcess }> =>
  new Promise((resolve, reject) => {
    installExitHook()
    const child = spawn(spec.file, [...spec.args], {
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      ...(spec.argv0 !== undefined ? { argv0: spec.argv0 } : {})
    })
    let tail = ""
    const keep = (chunk: Buffer) => {
      tail += chunk.toString("utf8")
      if (tail.length > TAIL_BYTES) tail = tail.slice(tail.length - TAIL_BYTES)
    }
    child.stdout?.on("data", keep)
    child.stderr?.on("data", keep)
    const ended = new Promise<ProcessEnd>((settle) => {
      child.once("exit", (code, signal) => {
        alive.delete(child)
        settle({ code, signal })
      })
    })
    child.once("error", (e) => {
      if (child.pid === undefined) reject(e)
    })
    child.once("spawn", () => {
      alive.add(child)
      resolve({
        child,
        process: {
          role: spec.role,
          pid: child.pid ?? -1,
          ended,
          running: () => child.exitCode === null && child.signalCode === null,
          outputTail: (lines = 6) => tail.trimEnd().split("\n").slice(-lines).join("\n")
        }
      })
    })
  })

/** SIGTERM, then SIGKILL once `graceMs` has passed; resolves when the process is gone. */
const stop = async (child: ChildProcess, ended: Promise<ProcessEnd>, graceMs: number): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill("SIGTERM")
  if (await waitFor(ended, graceMs)) return
  child.kill("SIGKILL")
  await waitFor(ended, 5_000)
}

/** The process, stopped when the scope closes. */
export const managedProcess = (spec: ProcessSpec): Effect.Effect<ManagedProcess, ClusterError, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.tryPromise({
        try: () => launch(spec),
        catch: (e) =>
          new ClusterError({
            reason: "StartFailed",
            message: `cannot start ${spec.role} "${spec.file}": ${e instanceof Error ? e.message : String(e)}`
          })
      }),
      ({ child, process }) => Effect.promise(() => stop(child, process.ended, spec.stopGraceMs ?? DEFAULT_GRACE_MS))
    ),
    ({ process }) => process
  )

/**
 * Several processes started together and stopped together, in parallel, when the scope closes: the
 * servers of a cluster are peers, so none has to wait for another to leave.
 */
export const managedGroup = (
  specs: ReadonlyArray<ProcessSpec>
): Effect.Effect<ReadonlyArray<ManagedProcess>, ClusterError, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          const started: Array<{ child: ChildProcess; process: ManagedProcess; grace: number }> = []
          try {
            for (const spec of specs) started.push({ ...(await launch(spec)), grace: spec.stopGraceMs ?? DEFAULT_GRACE_MS })
          } catch (e) {
            await Promise.all(started.map((s) => stop(s.child, s.process.ended, s.grace)))
            throw new ClusterError({
              reason: "StartFailed",
              message: `cannot start ${specs[started.length].role} "${specs[started.length].file}": ${e instanceof Error ? e.message : String(e)}`
            })
          }
          return started
        },
        catch: (e) =>
          e instanceof ClusterError ? e : new ClusterError({ reason: "StartFailed", message: `cannot start processes: ${String(e)}` })
      }),
      (started) => Effect.promise(() => Promise.all(started.map((s) => stop(s.child, s.process.ended, s.grace))))
    ),
    (started) => started.map((s) => s.process)
  )

/**
 * Fails with ProcessDied as soon as any of `processes` ends; never succeeds. Meant to be raced against
 * (or to outlive) the cluster's lifetime: once the scope begins stopping them, nobody awaits it.
 */
export const firstUnexpectedEnd = (processes: ReadonlyArray<ManagedProcess>): Effect.Effect<never, ClusterError> =>
  Effect.callback<never, ClusterError>((resume) => {
    let done = false
    for (const p of processes) {
      void p.ended.then((end) => {
        if (done) return
        done = true
        const output = p.outputTail()
        resume(
          Effect.fail(
            new ClusterError({
              reason: "ProcessDied",
              message: `${p.role} (pid ${p.pid}) stopped unexpectedly: ${describeEnd(end)}${output === "" ? "" : `; its last output:\n${output}`}`
            })
          )
        )
      })
    }
  })
