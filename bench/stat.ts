// Throughput of jubastat (push, sum, stddev, entropy): the driver in process, then the built binary
// over a socket from one client with 16 calls in flight, next to C++ Jubatus 1.1.1's push figure of
// ../shared/BENCH.md (36k pushes/s). Window 128 000 (a large window: the max/min recomputation scans it).
//   npx bun bench/stat.ts [--calls 200000]
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { StatClient } from "../mod.ts"
import { StatDriver } from "../src/engine/stat/StatDriver.ts"
import { freePort, startProgram } from "../test/support/juba.ts"

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1]! : fallback
}
const CALLS = Number(arg("--calls", "200000"))
const WINDOW = 128000
const IN_FLIGHT = 16
const keyOf = (i: number) => `k${i % 100}`
// Pseudo-random doubles (a hash of i): a key's maximum or minimum leaves the window rarely, as with real
// measurements. (A value sequence that cycles makes every few pushes rescan the window, in C++ too.)
const valueOf = (i: number) => (Math.imul(i + 1, 2654435761) >>> 0) / 4294967296

const perSec = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString("en")}/s`

const inProcess = () => {
  const d = new StatDriver({ windowSize: WINDOW })
  let t = performance.now()
  for (let i = 0; i < CALLS; i++) d.push(keyOf(i), valueOf(i))
  const push = performance.now() - t
  t = performance.now()
  let s = 0
  for (let i = 0; i < CALLS; i++) s += d.sum(keyOf(i)) + d.stddev(keyOf(i))
  const query = performance.now() - t
  Bun.gc(true)
  const before = process.memoryUsage().heapUsed
  const m = new StatDriver({ windowSize: WINDOW })
  for (let i = 0; i < WINDOW; i++) m.push(keyOf(i), valueOf(i))
  Bun.gc(true)
  const bytes = (process.memoryUsage().heapUsed - before) / WINDOW
  if (m.sum(keyOf(0)) === Number.POSITIVE_INFINITY) console.log("keeps m alive until measured")
  console.log(`in process: push ${perSec(CALLS, push)}, sum+stddev ${perSec(CALLS, query)} (${s > 0 ? "ok" : "?"}), ~${bytes.toFixed(0)} bytes a window entry`)
}

const pipelined = async (n: number, call: (i: number) => Promise<unknown>): Promise<number> => {
  let next = 0
  const t = performance.now()
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < n) await call(next++)
    })
  )
  return performance.now() - t
}

const overSocket = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "juba-bench-stat-"))
  const file = path.join(dir, "config.json")
  fs.writeFileSync(file, JSON.stringify({ window_size: WINDOW }))
  const port = await freePort()
  const server = await startProgram("jubastat", ["-f", file, "-p", String(port), "-b", "127.0.0.1", "-d", dir], port)
  const c = StatClient({ port })
  try {
    const push = await pipelined(CALLS, (i) => c.push(keyOf(i), valueOf(i)))
    Bun.gc(true)
    const sum = await pipelined(CALLS, (i) => c.sum(keyOf(i)))
    const entropy = await pipelined(CALLS / 4, () => c.entropy(""))
    console.log(`over a socket (1 connection, ${IN_FLIGHT} in flight): push ${perSec(CALLS, push)} (C++ Jubatus 1.1.1: 36k/s), sum ${perSec(CALLS, sum)}, entropy ${perSec(CALLS / 4, entropy)}`)
  } finally {
    c.close()
    await server.kill()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

inProcess()
await overSocket()
