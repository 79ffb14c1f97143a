// Throws a million random, truncated and corrupted MessagePack-RPC frames at a standalone server
// (and, with --proxy, at nothing else: the proxy shares the same RPC layer) over many short
// connections, then checks it still answers and prints its memory before, during and after.
//   npx bun bench/fuzz.ts [frames=1000000]
import * as path from "node:path"
import { ClassifierClient, datumOf } from "../mod.ts"
import { freePort, sharedData, startProgram } from "../test/support/juba.ts"
import { RawClient } from "../test/support/rawClient.ts"
import { samples } from "../test/fixtures/wireSamples.ts"

const total = Number(process.argv[2] ?? 1_000_000)
const port = await freePort()
const server = await startProgram("jubaclassifier", ["-f", path.join(sharedData, "digits.config.json"), "-p", String(port), "-b", "127.0.0.1", "--max_message_size", "65536"], port)
const client = ClassifierClient({ port })
const rss = async () => Number((await client.getStatus())[`127.0.0.1_${port}`].RSS)
await client.train([["a", datumOf({ num: { x: 1 } })]])
const before = await rss()

let seed = 12345
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 0x100000000)
const valid = [samples.trainTwoRequest, samples.classifyRequest, samples.getLabelsRequest, samples.clearRequest, samples.unknownMethodRequest]
const frame = (): Uint8Array => {
  const base = valid[Math.floor(rnd() * valid.length)]
  const kind = rnd()
  if (kind < 0.25) return base.slice(0, Math.floor(rnd() * base.length))
  if (kind < 0.5) {
    const f = base.slice()
    for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) f[Math.floor(rnd() * f.length)] = Math.floor(rnd() * 256)
    return f
  }
  if (kind < 0.6) return new Uint8Array([0xdd, 0x7f, 0xff, 0xff, 0xff]) // a 2-billion-element array header
  if (kind < 0.65) return new Uint8Array([0xdb, 0x00, 0x10, 0x00, 0x00, ...new Uint8Array(100)]) // a 1 MiB string, cut short
  return Uint8Array.from({ length: 1 + Math.floor(rnd() * 48) }, () => Math.floor(rnd() * 256))
}

const started = performance.now()
let sent = 0
let peak = before
const perConnection = 200
while (sent < total) {
  const batch: Array<Promise<void>> = []
  for (let c = 0; c < 16 && sent < total; c++) {
    batch.push(
      (async () => {
        const raw = await RawClient.connect(port)
        const parts: Array<Uint8Array> = []
        for (let i = 0; i < perConnection && sent < total; i++, sent++) parts.push(frame())
        raw.send(Buffer.concat(parts))
        await Bun.sleep(1)
        raw.close()
      })()
    )
  }
  await Promise.all(batch)
  if (sent % 100_000 < 16 * perConnection) {
    peak = Math.max(peak, await rss())
    const check = await RawClient.connect(port)
    check.send(samples.getLabelsRequest)
    await check.next()
    check.close()
  }
}
const seconds = (performance.now() - started) / 1000
await Bun.sleep(500)
Bun.gc(true)
const labels = await client.getLabels()
const after = await rss()
console.log(`frames sent            ${sent.toLocaleString()} in ${seconds.toFixed(1)} s (${Math.round(sent / seconds).toLocaleString()}/s)`)
console.log(`server still answers   ${JSON.stringify(labels)}`)
console.log(`server RSS (KiB)       before ${before}, peak ${peak}, after ${after}`)
client.close()
await server.stop()
