// Runs pipelined load from separate client processes (loadWorker.ts), by default one per connection,
// started together once all are connected; the figure spans from the first start to the last answer.
import { type ChildProcess, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import type { PipelineResult } from "./pipeline.ts"
import { splitRoundRobin, writeFrames } from "./requests.ts"

export interface LoadResult {
  readonly calls: number
  readonly errors: number
  readonly firstError: string | undefined
  readonly seconds: number
  readonly bytesOut: number
  readonly bytesIn: number
}

/** Request files for `conns` connections, written once and reusable across runs. */
export interface LoadPlan {
  readonly files: ReadonlyArray<string>
  readonly calls: number
  remove(): void
}

const worker = path.join(import.meta.dir, "loadWorker.ts")

export const planLoad = (frames: ReadonlyArray<Uint8Array>, conns: number): LoadPlan => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "juba-bench-"))
  const files = splitRoundRobin(frames, conns).map((share, k) => {
    const file = path.join(dir, `conn${k}.frames`)
    writeFrames(file, share)
    return file
  })
  return { files, calls: frames.length, remove: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** Lines a child writes to stdout, one promise per line in order. */
const lineReader = (child: ChildProcess) => {
  let buffer = ""
  const lines: Array<string> = []
  const waiters: Array<(line: string) => void> = []
  let ended = false
  child.stdout!.on("data", (d: Buffer) => {
    buffer += d.toString()
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const line = buffer.slice(0, i)
      buffer = buffer.slice(i + 1)
      const w = waiters.shift()
      if (w !== undefined) w(line)
      else lines.push(line)
    }
  })
  let err = ""
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()))
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()))
  exited.then(() => (ended = true))
  return (): Promise<string> => {
    const l = lines.shift()
    if (l !== undefined) return Promise.resolve(l)
    if (ended) return Promise.reject(new Error(`load client ended early: ${err.trim()}`))
    return new Promise((resolve, reject) => {
      waiters.push(resolve)
      exited.then(() => setTimeout(() => reject(new Error(`load client ended early: ${err.trim()}`)), 50))
    })
  }
}

/**
 * Runs `plan` against `port` with `window` calls in flight per connection, its connections spread
 * over `processes` client processes (default: one each).
 */
export const runLoad = async (port: number, plan: LoadPlan, window: number, processes = plan.files.length): Promise<LoadResult> => {
  const groups = splitRoundRobin(plan.files, Math.max(1, Math.min(processes, plan.files.length)))
  const children = groups.map((files) =>
    spawn(process.execPath, [worker, String(port), String(window), ...files], { stdio: ["pipe", "pipe", "pipe"] })
  )
  try {
    const readers = children.map(lineReader)
    await Promise.all(readers.map((next) => next()))
    for (const c of children) c.stdin!.write("go\n")
    const results = (await Promise.all(readers.map((next) => next()))).flatMap((l) => JSON.parse(l) as Array<PipelineResult>)
    const start = Math.min(...results.map((r) => r.startMs))
    const end = Math.max(...results.map((r) => r.endMs))
    return {
      calls: results.reduce((n, r) => n + r.calls, 0),
      errors: results.reduce((n, r) => n + r.errors, 0),
      firstError: results.find((r) => r.firstError !== undefined)?.firstError,
      seconds: (end - start) / 1000,
      bytesOut: results.reduce((n, r) => n + r.bytesOut, 0),
      bytesIn: results.reduce((n, r) => n + r.bytesIn, 0)
    }
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL")
  }
}

/** planLoad + runLoad + remove, for a one-off run. */
export const load = async (port: number, frames: ReadonlyArray<Uint8Array>, conns: number, window: number, processes = conns): Promise<LoadResult> => {
  const plan = planLoad(frames, conns)
  try {
    return await runLoad(port, plan, window, processes)
  } finally {
    plan.remove()
  }
}
