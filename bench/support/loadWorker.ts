// A load-generating client process: reads files of pre-encoded requests (requests.ts format), opens
// one connection per file, prints "ready", waits for a line on stdin, sends every file's calls
// pipelined on its connection, and prints one JSON result per connection. Run by clients.ts, in its
// own process so that the client never shares the JS thread of the process under test.
//   bun bench/support/loadWorker.ts PORT WINDOW FRAMES_FILE...
import { connect, runPipeline } from "./pipeline.ts"
import { readFrames } from "./requests.ts"

const [port, window, ...files] = process.argv.slice(2)
const shares = files.map(readFrames)
const sockets = await Promise.all(shares.map(() => connect(Number(port))))
process.stdout.write("ready\n")
await new Promise<void>((resolve) => {
  process.stdin.once("data", () => resolve())
})
const results = await Promise.all(shares.map((frames, i) => runPipeline(sockets[i], frames, Number(window))))
for (const s of sockets) s.destroy()
process.stdout.write(JSON.stringify(results) + "\n")
process.exit(0)
