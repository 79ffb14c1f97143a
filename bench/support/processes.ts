// Processes a benchmark starts: juba programs from dist/bin (through test/support/juba.ts), every one
// stopped on exit or Ctrl-C; and the C load generator of ../shared/tools (BENCH.md), built into /tmp
// on first use with its request files, never inside the repository.
import { execFileSync, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { freePort, type JubaProcess, root, startProgram, tempDir } from "../../test/support/juba.ts"

const live = new Set<JubaProcess>()
const dirs = new Set<string>()
let hooked = false

const hook = () => {
  if (hooked) return
  hooked = true
  process.on("exit", () => {
    for (const p of live) p.child.kill("SIGKILL")
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
  })
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130))
}

/** A temp dir removed when the benchmark exits. */
export const benchDir = (prefix = "juba-bench-"): string => {
  hook()
  const d = tempDir(prefix)
  dirs.add(d)
  return d
}

/** Starts `dist/bin/<program> args…` (which must listen on `port`), stopped at exit if not before. */
export const start = async (program: string, args: ReadonlyArray<string>, port: number): Promise<JubaProcess> => {
  hook()
  const proc = await startProgram(program, args, port)
  live.add(proc)
  proc.child.once("exit", () => live.delete(proc))
  return proc
}

/** A standalone jubaclassifier on loopback with `config` (written to a temp file). */
export const startClassifier = async (config: unknown, extraArgs: ReadonlyArray<string> = []): Promise<JubaProcess> => {
  const dir = benchDir()
  const file = path.join(dir, "config.json")
  fs.writeFileSync(file, JSON.stringify(config))
  const port = await freePort()
  return start("jubaclassifier", ["-f", file, "-p", String(port), "-b", "127.0.0.1", "-d", dir, ...extraArgs], port)
}

export const sharedTools = path.resolve(root, "../shared/tools")

export interface Loadgen {
  readonly binary: string
  /** Request file and number of calls, made by mkreqs.py (400000 datums, batch 100, 20 num features). */
  readonly train: { readonly file: string; readonly calls: number }
  readonly classify: { readonly file: string; readonly calls: number }
}

/** Builds /tmp/loadgen and its request files as BENCH.md says, or explains why it cannot. */
export const prepareLoadgen = (): Loadgen | string => {
  const binary = "/tmp/loadgen"
  const source = path.join(sharedTools, "loadgen.c")
  if (!fs.existsSync(binary)) {
    if (!fs.existsSync(source)) return `no ${source}`
    const r = spawnSync("gcc", ["-O2", "-o", binary, source, "-lmsgpackc", "-lpthread"], { encoding: "utf8" })
    if (r.status !== 0) return `cannot build ${binary} (apt-get install -y libmsgpack-dev): ${(r.stderr ?? "").trim().split("\n")[0]}`
  }
  const make = (file: string, method: string): number | string => {
    const calls = 4000
    if (fs.existsSync(file) && fs.statSync(file).size > 0) return calls
    try {
      execFileSync("/usr/bin/python3", [path.join(sharedTools, "mkreqs.py"), file, method, "400000", "100", "20"], { encoding: "utf8" })
      return calls
    } catch (e) {
      return `cannot make ${file} (apt-get install -y python3-msgpack): ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`
    }
  }
  const train = make("/tmp/train.req", "train")
  if (typeof train === "string") return train
  const classify = make("/tmp/cls.req", "classify")
  if (typeof classify === "string") return classify
  return { binary, train: { file: "/tmp/train.req", calls: train }, classify: { file: "/tmp/cls.req", calls: classify } }
}

export interface LoadgenResult {
  readonly calls: number
  readonly errors: number
  readonly seconds: number
}

/** `loadgen 127.0.0.1 PORT FILE N WINDOW CONNS`, parsed. */
export const runLoadgen = (binary: string, port: number, file: string, calls: number, window: number, conns: number): LoadgenResult => {
  const out = execFileSync(binary, ["127.0.0.1", String(port), file, String(calls), String(window), String(conns)], { encoding: "utf8", timeout: 600000 })
  const m = /calls=(\d+) errors=(\d+) seconds=([\d.]+)/.exec(out)
  if (m === null) throw new Error(`cannot read loadgen output: ${out.trim()}`)
  return { calls: Number(m[1]), errors: Number(m[2]), seconds: Number(m[3]) }
}
