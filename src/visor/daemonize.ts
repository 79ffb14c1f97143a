// jubavisor's `--daemon` (Jubatus calls daemon(0, 0)): a runtime without fork starts a detached copy
// of itself in a new session, working directory `/`, stdin and stdout cut off and its log in a file,
// and the starting process exits. Unlike daemon(3) the starter waits (a while) until the copy says it
// is registered and listening, so that a daemon that cannot start is an exit status, not silence.
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import type { Invocation } from "./selfLauncher.ts"

/** Set in the detached copy's environment: it must run, not detach again. */
export const DAEMON_CHILD_ENV = "JUBA_VISOR_DAEMON_CHILD"

const READY = "ready\n"

export const isDaemonChild = (env: Readonly<Record<string, string | undefined>>): boolean => env[DAEMON_CHILD_ENV] === "1"

/** The daemon's word to its starter: written once everything is up. */
export const announceReady = (): void => {
  process.stdout.write(READY)
}

export interface DetachOptions {
  readonly invocation: Invocation
  readonly args: ReadonlyArray<string>
  /** Where the daemon's stderr (its log and its children's) goes, appended. */
  readonly logFile: string
  /** How long to wait for readiness before leaving the daemon to it. */
  readonly readyTimeoutMs: number
}

export type DetachOutcome =
  | { readonly _tag: "Ready"; readonly pid: number }
  | { readonly _tag: "Pending"; readonly pid: number }
  | { readonly _tag: "Failed"; readonly message: string }

/** Starts the daemon and reports how far it got. */
export const detach = (options: DetachOptions): Promise<DetachOutcome> => {
  let logFd: number
  try {
    logFd = fs.openSync(options.logFile, "a")
  } catch (e) {
    return Promise.resolve({ _tag: "Failed", message: `can't create log file: ${(e as NodeJS.ErrnoException).code ?? String(e)}: ${options.logFile}` })
  }
  const child = spawn(options.invocation.file, [...options.invocation.args, ...options.args], {
    detached: true,
    cwd: "/",
    stdio: ["ignore", "pipe", logFd],
    env: { ...process.env, [DAEMON_CHILD_ENV]: "1" }
  })
  fs.closeSync(logFd)
  return new Promise<DetachOutcome>((resolve) => {
    let said = ""
    const finish = (outcome: DetachOutcome) => {
      clearTimeout(timer)
      child.stdout?.removeAllListeners("data")
      child.stdout?.destroy()
      child.removeAllListeners("exit")
      child.unref()
      resolve(outcome)
    }
    const timer = setTimeout(() => finish({ _tag: "Pending", pid: child.pid ?? -1 }), options.readyTimeoutMs)
    child.on("error", (e) => finish({ _tag: "Failed", message: `cannot start the daemon: ${e.message}` }))
    child.stdout?.on("data", (chunk: Uint8Array) => {
      said += Buffer.from(chunk).toString("utf8")
      if (said.includes(READY)) finish({ _tag: "Ready", pid: child.pid ?? -1 })
    })
    child.on("exit", (code, signal) =>
      finish({ _tag: "Failed", message: `the daemon exited with ${signal ?? `status ${code}`}: see ${options.logFile}` })
    )
  })
}
