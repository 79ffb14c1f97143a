// Starts real juba processes from the compiled binary for end-to-end tests: by a legacy program name
// (a symlink in dist/bin) or by verb, on a free loopback port, waiting until the port answers, and
// stopping them by pid.
import { spawn, type ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"

export const root = path.resolve(import.meta.dir, "../..")
export const binary = path.join(root, "dist/juba")
export const binDir = path.join(root, "dist/bin")
export const sharedData = path.resolve(root, "../shared/data")

let built = false
/** Builds dist/juba once per test run if it is missing (CI builds it before the tests). */
export const ensureBinary = (): void => {
  if (built || fs.existsSync(path.join(binDir, "jubaclassifier"))) {
    built = true
    return
  }
  const r = Bun.spawnSync([process.execPath, "scripts/build.ts"], { cwd: root, stdout: "inherit", stderr: "inherit" })
  if (r.exitCode !== 0) throw new Error("building dist/juba failed")
  built = true
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, "127.0.0.1", () => {
      const a = s.address()
      const port = typeof a === "object" && a !== null ? a.port : 0
      s.close(() => resolve(port))
    })
    s.on("error", reject)
  })

export const tempDir = (prefix = "juba-test-"): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix))

export const waitForPort = async (port: number, timeoutMs = 10000, host = "127.0.0.1"): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.createConnection({ host, port }, () => {
        s.destroy()
        resolve(true)
      })
      s.on("error", () => resolve(false))
    })
    if (ok) return
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`)
    await Bun.sleep(25)
  }
}

export interface JubaProcess {
  readonly pid: number
  readonly port: number
  readonly child: ChildProcess
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string
  stop(signal?: NodeJS.Signals): Promise<number | null>
  kill(): Promise<number | null>
}

/** Runs `dist/bin/<program> args…` and waits for `port` to accept connections. */
export const startProgram = async (program: string, args: ReadonlyArray<string>, port: number, options: { waitMs?: number; env?: Record<string, string> } = {}): Promise<JubaProcess> => {
  ensureBinary()
  const child = spawn(path.join(binDir, program), [...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...options.env } })
  let out = ""
  child.stdout?.on("data", (d) => (out += d))
  child.stderr?.on("data", (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  const proc: JubaProcess = {
    pid: child.pid ?? -1,
    port,
    child,
    output: () => out,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      const t = setTimeout(() => child.kill("SIGKILL"), 10000)
      const code = await exited
      clearTimeout(t)
      return code
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
      return exited
    }
  }
  try {
    await Promise.race([
      waitForPort(port, options.waitMs ?? 15000),
      exited.then((code) => {
        throw new Error(`${program} exited with ${code} before listening:\n${out}`)
      })
    ])
  } catch (e) {
    await proc.kill()
    throw e
  }
  return proc
}

/** Runs a short-lived command to completion. */
export const runProgram = (program: string, args: ReadonlyArray<string>, options: { env?: Record<string, string>; stdin?: string; timeoutMs?: number } = {}): { code: number; stdout: string; stderr: string } => {
  ensureBinary()
  const r = Bun.spawnSync([path.join(binDir, program), ...args], {
    env: { ...process.env, ...options.env },
    stdin: options.stdin === undefined ? "ignore" : Buffer.from(options.stdin),
    timeout: options.timeoutMs ?? 30000
  })
  return { code: r.exitCode ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() }
}
