// Classifier calls the benchmarks make outside timing: accuracy of a trained server on a test split
// (classify pipelined, best-scoring label against the true one) and the server's RSS from get_status.
import { decodeValue } from "../../src/rpc/MsgpackReader.ts"
import { call, connect, runPipeline } from "./pipeline.ts"
import { classifyFrames, type Sample } from "./requests.ts"

const text = (v: unknown): string => (v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v))

/** Share of `test` whose top-scoring label is the true one. */
export const accuracy = async (port: number, name: string, test: ReadonlyArray<Sample>, batch = 100): Promise<number> => {
  const frames = classifyFrames(name, test, batch)
  let correct = 0
  const socket = await connect(port)
  try {
    const r = await runPipeline(socket, frames, 16, (frame) => {
      const [, msgid, , result] = decodeValue(frame) as [number, number, unknown, Array<Array<[unknown, number]>>]
      const first = (msgid - 1) * batch
      result.forEach((estimates, i) => {
        let best = ""
        let top = -Infinity
        for (const [label, score] of estimates) if (score > top) [best, top] = [text(label), score]
        if (best === test[first + i].label) correct++
      })
    })
    if (r.errors > 0) throw new Error(`classify failed: ${r.firstError}`)
  } finally {
    socket.destroy()
  }
  return correct / test.length
}

/** get_status of one server: its only entry's fields. */
export const status = async (port: number, name: string): Promise<Record<string, string>> => {
  const all = (await call(port, "get_status", [name])) as Record<string, Record<string, unknown>>
  const entry = Object.values(all)[0] ?? {}
  return Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, text(v)]))
}

/** The `RSS` get_status reports (KiB). */
export const rssKiB = async (port: number, name: string): Promise<number> => Number((await status(port, name)).RSS)
