// Throughput of the MessagePack-RPC layer alone (issue 2): src/rpc's server in its own process with an
// echo dispatcher, and a real jubaclassifier's get_config, called over loopback with 1, 4 and 16
// pipelined connections (16 calls in flight each) from client processes that only copy pre-encoded
// bytes. With ../shared/tools built (BENCH.md), the C load generator drives the same calls too.
// Prints calls/s and MB/s (request + response bytes).
//   npx bun bench/rpc.ts [--conns 1,4,16] [--window 16] [--client-procs 2] [--seconds 2]
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { RawClient } from "../test/support/rawClient.ts"
import { load } from "./support/clients.ts"
import { benchDir, prepareLoadgen, runLoadgen, startClassifier } from "./support/processes.ts"
import { encodeRequest, totalBytes } from "./support/requests.ts"
import { argList, argValue, megabytes, printTable, rate } from "./support/table.ts"

const conns = argList("--conns", [1, 4, 16])
const window = Number(argValue("--window", "16"))
const clientProcs = Number(argValue("--client-procs", "2"))
const targetSeconds = Number(argValue("--seconds", "2"))

interface Case {
  readonly label: string
  readonly frame: (msgid: number) => Uint8Array
}

const payload = (n: number) => "x".repeat(n)
const cases: Array<Case> = [
  { label: "ping (no args)", frame: (id) => encodeRequest(id, "ping", undefined, 0, () => undefined) },
  ...[16, 1024, 65536].map((size): Case => {
    const text = payload(size)
    return { label: `echo ${size >= 1024 ? `${size / 1024} KiB` : `${size} B`}`, frame: (id) => encodeRequest(id, "echo", undefined, 1, (w) => w.string(text)) }
  })
]

const startEchoServer = async () => {
  const child = spawn(process.execPath, [path.join(import.meta.dir, "support/echoServer.ts")], { stdio: ["ignore", "pipe", "inherit"] })
  process.on("exit", () => child.kill("SIGKILL"))
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once("data", (d: Buffer) => resolve(Number(d.toString().trim())))
    child.once("exit", (code) => reject(new Error(`echo server exited with ${code}`)))
  })
  return { port, stop: () => child.kill("SIGTERM") }
}

/** Size of one answer, to turn the C client's call count into bytes. */
const answerSize = async (port: number, frame: Uint8Array): Promise<number> => {
  const c = await RawClient.connect(port)
  try {
    c.send(frame)
    return (await c.nextFrame()).length
  } finally {
    c.close()
  }
}

/** Calls for about `targetSeconds`, from a short probe of the rate. */
const sizeRun = async (port: number, c: Case): Promise<number> => {
  const probe = Array.from({ length: 2000 }, (_, i) => c.frame(i + 1))
  const r = await load(port, probe, 1, window, 1)
  const perSecond = r.calls / r.seconds
  return Math.max(2000, Math.min(2_000_000, Math.round((perSecond * targetSeconds * 1.5) / 16) * 16))
}

const rows: Array<Array<string>> = []
const loadgen = prepareLoadgen()

const measure = async (server: string, port: number, c: Case): Promise<void> => {
  const n = await sizeRun(port, c)
  const frames = Array.from({ length: n }, (_, i) => c.frame((i % 0xffffff) + 1))
  for (const k of conns) {
    const r = await load(port, frames, k, window, Math.min(k, clientProcs))
    const error = r.errors > 0 ? ` (${r.errors} errors: ${r.firstError})` : ""
    rows.push([server, c.label, "js", String(k), rate(r.calls / r.seconds), megabytes((r.bytesOut + r.bytesIn) / r.seconds) + error])
  }
  if (typeof loadgen === "string") return
  const dir = benchDir()
  const file = path.join(dir, "calls.req")
  fs.writeFileSync(file, Buffer.concat(frames))
  const bytesPerCall = totalBytes(frames) / n + (await answerSize(port, frames[0]))
  for (const k of conns) {
    const r = runLoadgen(loadgen.binary, port, file, n, window, k)
    rows.push([server, c.label, "C", String(k), rate(r.calls / r.seconds), megabytes((r.calls * bytesPerCall) / r.seconds)])
  }
  fs.rmSync(file)
}

const echo = await startEchoServer()
try {
  for (const c of cases) await measure("src/rpc echo", echo.port, c)
} finally {
  echo.stop()
}

const classifier = await startClassifier({ method: "AROW", parameter: { regularization_weight: 1 }, converter: { num_rules: [{ key: "*", type: "num" }] } })
try {
  await measure("jubaclassifier", classifier.port, { label: "get_config", frame: (id) => encodeRequest(id, "get_config", "", 0, () => undefined) })
} finally {
  await classifier.stop()
}

printTable(
  `MessagePack-RPC over loopback, ${window} calls in flight a connection (js: bun client processes, at most ${clientProcs}; C: ../shared/tools/loadgen, one thread a connection)`,
  ["server", "call", "client", "conns", "calls/s", "MB/s"],
  rows
)
if (typeof loadgen === "string") console.log(`\nC load generator skipped: ${loadgen}`)
