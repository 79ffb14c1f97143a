// Where a server's time goes, without sockets: the requests a benchmark sends, run in this process
// through the same code as jubaclassifier (MsgpackReader → the EngineServer's dispatcher → the
// response writer), timing each stage apart. Frame scanning is timed too, as the server scans a
// request that arrives split over several reads.
import type { Driver } from "../../src/engine/Driver.ts"
import type { EngineDefinition } from "../../src/engine/Engine.ts"
import { FrameScanner } from "../../src/rpc/FrameScanner.ts"
import { MsgpackReader } from "../../src/rpc/MsgpackReader.ts"
import { MsgpackWriter } from "../../src/rpc/MsgpackWriter.ts"
import type { Outcome } from "../../src/rpc/Protocol.ts"
import { EngineServer } from "../../src/server/EngineServer.ts"

export interface Breakdown {
  /** Seconds spent in each stage over all frames. */
  readonly scan: number
  readonly decode: number
  readonly handle: number
  readonly encode: number
}

/** An in-process server for `engine` with `config`, as `jubaclassifier -f` would build it. */
export const inProcessServer = <C, D extends Driver>(engine: EngineDefinition<C, D>, config: unknown): EngineServer<C, D> =>
  new EngineServer(engine, { text: JSON.stringify(config), value: engine.decodeConfig(config), source: "bench" }, {
    id: "127.0.0.1_0",
    ip: "127.0.0.1",
    port: 0,
    progname: `juba${engine.type}`,
    distributed: false,
    datadir: "/tmp",
    timeout: 10,
    threadnum: 1,
    logdir: "",
    logConfig: ""
  })

/** Runs every frame through `server`, stage by stage. */
export const breakdown = <C, D extends Driver>(server: EngineServer<C, D>, frames: ReadonlyArray<Uint8Array>): Breakdown => {
  const dispatcher = server.dispatcher()
  const reader = new MsgpackReader()
  const scanner = new FrameScanner()
  const writer = new MsgpackWriter()
  let scan = 0
  let decode = 0
  let handle = 0
  let encode = 0
  for (const frame of frames) {
    const t0 = performance.now()
    if (scanner.scan(frame, 0, frame.length) !== frame.length) throw new Error("cannot scan a request frame")
    const t1 = performance.now()
    const [, msgid, method, params] = reader.decode(frame, 0, frame.length) as [number, number, string, Array<unknown>]
    const t2 = performance.now()
    const outcome = dispatcher.dispatch(method, params, { bytes: frame, paramsStart: 0, paramsEnd: frame.length }) as Outcome
    const t3 = performance.now()
    if (outcome._tag !== "Result") throw new Error(`${method} failed: ${JSON.stringify(outcome)}`)
    writer.arrayHeader(4)
    writer.int(1)
    writer.int(msgid)
    writer.nil()
    if (outcome.write !== undefined) outcome.write(writer, outcome.value)
    else writer.value(outcome.value)
    writer.toBytes()
    writer.reset()
    const t4 = performance.now()
    scan += t1 - t0
    decode += t2 - t1
    handle += t3 - t2
    encode += t4 - t3
  }
  return { scan: scan / 1000, decode: decode / 1000, handle: handle / 1000, encode: encode / 1000 }
}
