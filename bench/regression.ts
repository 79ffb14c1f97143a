// Throughput of jubaregression (AROW, 20 num features a datum, batches of 100): the in-process driver,
// then over a socket to the compiled binary with the typed client, one call in flight (the C++ figures
// of ../shared/BENCH.md were measured with 16 in flight, so the socket rows understate juba), and the
// memory a stored feature costs.
//   npx bun bench/regression.ts
import { datumOf, RegressionClient } from "../mod.ts"
import { regressionEngine } from "../src/engine/regression/engine.ts"
import type { RegressionDriver } from "../src/engine/regression/RegressionDriver.ts"
import { startProgram, freePort, tempDir } from "../test/support/juba.ts"
import * as fs from "node:fs"
import * as path from "node:path"

const BATCH = 100
const config = {
  method: "AROW",
  parameter: { regularization_weight: 1, sensitivity: 0.1 },
  converter: { num_rules: [{ key: "*", type: "num" }] }
}
let seed = 1
const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
const datum = () => datumOf({ num: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, rnd()])) })
const batches = Array.from({ length: 50 }, () => Array.from({ length: BATCH }, () => datum()))
const scored = batches.map((b) => b.map((d) => [rnd() * 10, d] as [number, typeof d]))

const rate = (items: number, ms: number) => `${Math.round((items / ms) * 1000).toLocaleString()}/s`

const driver = regressionEngine.create(regressionEngine.decodeConfig(config), { distributed: false }) as RegressionDriver
for (const b of scored) driver.train(b) // warm-up
let t = performance.now()
for (let r = 0; r < 20; r++) for (const b of scored) driver.train(b)
console.log(`in-process train    ${rate(20 * 50 * BATCH, performance.now() - t)}   (C++ over socket: 91k/s)`)
t = performance.now()
for (let r = 0; r < 20; r++) for (const b of batches) driver.estimate(b)
console.log(`in-process estimate ${rate(20 * 50 * BATCH, performance.now() - t)}   (C++ over socket: 228k/s)`)

const memDriver = regressionEngine.create(regressionEngine.decodeConfig(config), { distributed: false }) as RegressionDriver
const before = process.memoryUsage().heapUsed
const FEATURES = 100000
for (let i = 0; i < FEATURES; i += 100) {
  memDriver.train([[1, datumOf({ num: Object.fromEntries(Array.from({ length: 100 }, (_, j) => [`g${i + j}`, 1])) })]])
}
Bun.gc(true)
console.log(`memory per stored feature ~${Math.round((process.memoryUsage().heapUsed - before) / FEATURES)} B`)

const dir = tempDir("bench-regression")
const configFile = path.join(dir, "config.json")
fs.writeFileSync(configFile, JSON.stringify(config))
const port = await freePort()
const server = await startProgram("jubaregression", ["-p", String(port), "-b", "127.0.0.1", "-f", configFile], port)
try {
  const client = RegressionClient({ port, name: "" })
  for (const b of scored) await client.train(b)
  t = performance.now()
  for (let r = 0; r < 4; r++) for (const b of scored) await client.train(b)
  console.log(`socket train        ${rate(4 * 50 * BATCH, performance.now() - t)}   (one call in flight; C++: 91k/s with 16)`)
  t = performance.now()
  for (let r = 0; r < 4; r++) for (const b of batches) await client.estimate(b)
  console.log(`socket estimate     ${rate(4 * 50 * BATCH, performance.now() - t)}   (one call in flight; C++: 228k/s with 16)`)
  client.close()
} finally {
  await server.kill()
}
