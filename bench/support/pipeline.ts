// A pipelined MessagePack-RPC client for benchmarks: writes pre-encoded requests over one socket with
// up to `window` calls in flight and counts the answers, finding frame ends with the server's own
// FrameScanner and looking only at the error slot, so that the client costs far less than the server.
// Also one-off calls (get_status, do_mix, clear) through test/support's RawClient.
import * as net from "node:net"
import { FrameScanner } from "../../src/rpc/FrameScanner.ts"
import { decodeValue } from "../../src/rpc/MsgpackReader.ts"
import { MsgpackWriter } from "../../src/rpc/MsgpackWriter.ts"
import { RawClient } from "../../test/support/rawClient.ts"

export interface PipelineResult {
  readonly calls: number
  readonly errors: number
  /** The first error answer, decoded, for the report. */
  readonly firstError: string | undefined
  readonly bytesOut: number
  readonly bytesIn: number
  /** Wall-clock start and end in epoch milliseconds (sub-ms), comparable across processes. */
  readonly startMs: number
  readonly endMs: number
}

export const epochMs = (): number => performance.timeOrigin + performance.now()

export const connect = (port: number, host = "127.0.0.1"): Promise<net.Socket> =>
  new Promise((resolve, reject) => {
    const s = net.createConnection({ host, port, noDelay: true }, () => {
      s.off("error", reject)
      resolve(s)
    })
    s.once("error", reject)
  })

/** Offset of the error slot in a response frame `[1, msgid, error, result]`. */
const errorSlot = (f: Uint8Array, at: number): number => {
  const b = f[at + 2]
  return at + (b < 0x80 ? 3 : b === 0xcc ? 4 : b === 0xcd ? 5 : 7)
}

/** Concatenating small frames makes one socket write; large ones are written as they are. */
const COALESCE_LIMIT = 256 * 1024

/**
 * Sends every frame over `socket`, keeping at most `window` unanswered. `onResponse` sees each answer
 * frame (a view valid during the call only), in arrival order.
 */
export const runPipeline = (
  socket: net.Socket,
  frames: ReadonlyArray<Uint8Array>,
  window: number,
  onResponse?: (frame: Uint8Array) => void
): Promise<PipelineResult> =>
  new Promise((resolve, reject) => {
    const n = frames.length
    const scanner = new FrameScanner()
    let sent = 0
    let got = 0
    let errors = 0
    let firstError: string | undefined
    let bytesOut = 0
    let bytesIn = 0
    const startMs = epochMs()

    const pump = () => {
      const from = sent
      let size = 0
      while (sent < n && sent - got < window) size += frames[sent++].length
      const count = sent - from
      if (count === 0) return
      bytesOut += size
      if (count === 1 || size > COALESCE_LIMIT) {
        for (let i = from; i < sent; i++) socket.write(frames[i])
      } else {
        const out = new Uint8Array(size)
        let p = 0
        for (let i = from; i < sent; i++) {
          out.set(frames[i], p)
          p += frames[i].length
        }
        socket.write(out)
      }
    }

    const answer = (buf: Uint8Array, at: number, len: number) => {
      got++
      if (buf[errorSlot(buf, at)] !== 0xc0) {
        errors++
        if (firstError === undefined) {
          const m = decodeValue(buf.slice(at, at + len)) as Array<unknown>
          firstError = JSON.stringify(m[2] instanceof Uint8Array ? new TextDecoder().decode(m[2]) : m[2])
        }
      }
      if (onResponse !== undefined) onResponse(buf.subarray(at, at + len))
    }

    /** Answers every whole frame in buf[from, end); returns the offset reached. */
    const consume = (buf: Uint8Array, from: number, end: number): number => {
      let pos = from
      while (pos < end) {
        const len = scanner.scan(buf, pos, end)
        if (len < 0) break
        answer(buf, pos, len)
        pos += len
      }
      return pos
    }

    // Bytes of an answer not yet whole, in a buffer that doubles as needed so a large answer split
    // over many chunks is copied once, not once per chunk. The scanner resumes where it stopped.
    let rest = new Uint8Array(64 * 1024)
    let restLength = 0
    const keep = (bytes: Uint8Array) => {
      const need = restLength + bytes.length
      if (need > rest.length) {
        const grown = new Uint8Array(Math.max(need, rest.length * 2))
        grown.set(rest.subarray(0, restLength))
        rest = grown
      }
      rest.set(bytes, restLength)
      restLength = need
    }

    const onData = (chunk: Uint8Array) => {
      bytesIn += chunk.length
      if (restLength === 0) {
        const used = consume(chunk, 0, chunk.length)
        if (used < chunk.length) keep(chunk.subarray(used))
      } else {
        keep(chunk)
        const used = consume(rest, 0, restLength)
        if (used > 0) {
          rest.copyWithin(0, used, restLength)
          restLength -= used
        }
      }
      if (got === n) finish()
      else pump()
    }

    const onClose = () => reject(new Error(`connection closed after ${got} of ${n} answers`))
    const finish = () => {
      socket.off("data", onData)
      socket.off("close", onClose)
      resolve({ calls: n, errors, firstError, bytesOut, bytesIn, startMs, endMs: epochMs() })
    }
    socket.on("data", onData)
    socket.once("close", onClose)
    socket.once("error", reject)
    if (n === 0) finish()
    else pump()
  })

/** One call, waited for: returns the result or throws the error answer. */
export const call = async (port: number, method: string, params: ReadonlyArray<unknown>, timeoutMs = 120000): Promise<unknown> => {
  const client = await RawClient.connect(port)
  try {
    const w = new MsgpackWriter(256)
    w.value([0, 1, method, params])
    client.send(w.toBytes().slice())
    const [, , error, result] = (await client.next(timeoutMs)) as [number, number, unknown, unknown]
    if (error !== null && error !== undefined) {
      throw new Error(`${method} failed: ${JSON.stringify(error instanceof Uint8Array ? new TextDecoder().decode(error) : error)}`)
    }
    return result
  } finally {
    client.close()
  }
}
