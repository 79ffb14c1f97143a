// One client connection to a MessagePack-RPC server: many calls in flight, answers matched by msgid in
// whatever order they come, a deadline per call. Requests issued in the same tick share one write.
import * as net from "node:net"
import { FrameScanner } from "./FrameScanner.ts"
import { decodeValue, MsgpackReader } from "./MsgpackReader.ts"
import { MsgpackWriter } from "./MsgpackWriter.ts"
import { RESPONSE } from "./Protocol.ts"
import { RpcError, remoteErrorMessage } from "./RpcError.ts"

/** A successful answer: the result element, decoded, and its encoded bytes for passing through. */
export interface RawResponse {
  readonly result: unknown
  readonly resultBytes: Uint8Array
}

/** An answer whose result is decoded on first use. */
class LazyResponse implements RawResponse {
  private decoded: unknown = LazyResponse
  constructor(readonly resultBytes: Uint8Array) {}
  get result(): unknown {
    if (this.decoded === LazyResponse) this.decoded = decodeValue(this.resultBytes)
    return this.decoded
  }
}

interface PendingCall {
  readonly resolve: (r: RawResponse) => void
  readonly reject: (e: RpcError) => void
  /** performance.now() after which the call times out; Infinity for none. */
  readonly deadline: number
}

export type ParamsWriter = (w: MsgpackWriter) => void

let sharedReader: MsgpackReader | undefined

export class ClientConnection {
  private readonly socket: net.Socket
  private readonly writer = new MsgpackWriter(4 * 1024)
  // Decoding is synchronous per chunk, so every client connection can share one reader and its cache.
  private readonly reader = (sharedReader ??= new MsgpackReader())
  private readonly scanner = new FrameScanner()
  private readonly calls = new Map<number, PendingCall>()
  private nextId = 1
  private buffer: Uint8Array | null = null
  private bufferLength = 0
  private flushScheduled = false
  private connected = false
  private connectError: RpcError | null = null
  private closedFlag = false
  readonly ready: Promise<void>
  lastUsed = Date.now()

  constructor(
    readonly host: string,
    readonly port: number,
    connectTimeoutMs: number
  ) {
    this.socket = net.createConnection({ host, port, noDelay: true })
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.destroy(new Error("connect timed out"))
      }, connectTimeoutMs)
      this.socket.once("connect", () => {
        clearTimeout(timer)
        this.socket.setNoDelay(true)
        this.connected = true
        resolve()
      })
      this.socket.once("error", (e) => {
        clearTimeout(timer)
        if (!this.connected) {
          this.connectError = new RpcError({ reason: "ConnectFailed", message: `connect failed: ${host}:${port}: ${e.message}`, sent: false })
          reject(this.connectError)
        }
      })
    })
    this.ready.catch(() => undefined)
    this.socket.on("data", (chunk: Uint8Array) => this.receive(chunk))
    this.socket.on("error", () => undefined)
    this.socket.on("close", () => this.failAll())
  }

  get closed(): boolean {
    return this.closedFlag
  }

  get inFlight(): number {
    return this.calls.size
  }

  /** Calls `method` with params encoded by `writeParams`; rejects with RpcError. */
  call(method: string, writeParams: ParamsWriter, timeoutMs: number): Promise<RawResponse> {
    this.lastUsed = Date.now()
    if (this.closedFlag) {
      return Promise.reject(
        this.connectError ?? new RpcError({ reason: this.connected ? "Closed" : "ConnectFailed", message: "connection closed", sent: false })
      )
    }
    const msgid = this.nextId
    this.nextId = this.nextId >= 0xffffffff ? 1 : this.nextId + 1
    const w = this.writer
    w.arrayHeader(4)
    w.int(0)
    w.int(msgid)
    w.string(method)
    writeParams(w)
    return new Promise<RawResponse>((resolve, reject) => {
      const deadline = timeoutMs > 0 ? performance.now() + timeoutMs : Number.POSITIVE_INFINITY
      this.calls.set(msgid, { resolve, reject, deadline })
      if (timeoutMs > 0) this.watchDeadlines(timeoutMs)
      this.scheduleFlush()
    })
  }

  // Deadlines are checked by one sweep per connection while calls are pending, not by a timer per
  // call: arming and clearing a timer on every call costs more than the call on some runtimes.
  private sweeper: ReturnType<typeof setInterval> | undefined
  private sweepEvery = Number.POSITIVE_INFINITY

  private watchDeadlines(timeoutMs: number): void {
    const every = Math.max(5, Math.min(100, Math.floor(timeoutMs / 4)))
    if (this.sweeper !== undefined && every >= this.sweepEvery) return
    if (this.sweeper !== undefined) clearInterval(this.sweeper)
    this.sweepEvery = every
    this.sweeper = setInterval(() => this.sweep(), every)
    ;(this.sweeper as { unref?: () => void }).unref?.()
  }

  private sweep(): void {
    if (this.calls.size === 0) {
      clearInterval(this.sweeper)
      this.sweeper = undefined
      this.sweepEvery = Number.POSITIVE_INFINITY
      return
    }
    const now = performance.now()
    for (const [msgid, call] of this.calls) {
      if (call.deadline <= now) {
        this.calls.delete(msgid)
        call.reject(new RpcError({ reason: "Timeout", message: "request timed out", sent: true }))
      }
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return
    this.flushScheduled = true
    queueMicrotask(() => {
      this.flushScheduled = false
      if (this.writer.length === 0) return
      const bytes = this.writer.toBytes()
      this.writer.reset()
      if (this.connected) this.socket.write(bytes)
      else this.ready.then(() => this.socket.write(bytes), () => undefined)
    })
  }

  private receive(chunk: Uint8Array): void {
    let buf: Uint8Array
    let end: number
    if (this.buffer === null) {
      buf = chunk
      end = chunk.length
    } else {
      this.append(chunk)
      buf = this.buffer
      end = this.bufferLength
    }
    let pos = 0
    try {
      // Frames are only delimited here; a successful answer's result is decoded when someone reads
      // it, so a proxy passing answers through never decodes them.
      while (pos < end) {
        const length = this.scanner.scan(buf, pos, end)
        if (length < 0) break
        this.handleFrame(buf, pos, pos + length)
        pos += length
      }
    } catch (e) {
      this.failAll(new RpcError({ reason: "Protocol", message: `malformed response: ${e instanceof Error ? e.message : String(e)}`, sent: true }))
      this.socket.destroy()
      return
    }
    if (this.buffer === null) {
      if (pos < end) this.append(buf.subarray(pos, end))
    } else if (pos === end) {
      this.buffer = null
      this.bufferLength = 0
    } else if (pos > 0) {
      this.buffer.copyWithin(0, pos, end)
      this.bufferLength = end - pos
    }
  }

  private append(bytes: Uint8Array): void {
    const need = this.bufferLength + bytes.length
    if (this.buffer === null || this.buffer.length < need) {
      const next = new Uint8Array(Math.max(need, (this.buffer?.length ?? 0) * 2, 4096))
      if (this.buffer !== null) next.set(this.buffer.subarray(0, this.bufferLength))
      this.buffer = next
    }
    this.buffer.set(bytes, this.bufferLength)
    this.bufferLength = need
  }

  private handleFrame(buf: Uint8Array, start: number, end: number): void {
    // The usual answer, [1, msgid, nil, result], is read by hand.
    if (buf[start] === 0x94 && buf[start + 1] === RESPONSE) {
      let p = start + 2
      const b = buf[p]
      let msgid = -1
      if (b < 0x80) {
        msgid = b
        p += 1
      } else if (b === 0xcc) {
        msgid = buf[p + 1]
        p += 2
      } else if (b === 0xcd) {
        msgid = (buf[p + 1] << 8) | buf[p + 2]
        p += 3
      } else if (b === 0xce) {
        msgid = ((buf[p + 1] << 24) >>> 0) + (buf[p + 2] << 16) + (buf[p + 3] << 8) + buf[p + 4]
        p += 5
      }
      if (msgid >= 0 && buf[p] === 0xc0) {
        const call = this.take(msgid)
        if (call !== undefined) call.resolve(new LazyResponse(buf.slice(p + 1, end)))
        return
      }
    }
    const message = this.reader.decode(buf, start, end)
    if (!Array.isArray(message) || message.length !== 4 || message[0] !== RESPONSE) return
    const call = this.take(message[1] as number)
    if (call === undefined) return
    const error = message[2]
    if (error !== null) {
      call.reject(new RpcError({ reason: "Remote", message: remoteErrorMessage(error, message[3]), error, result: message[3], sent: true }))
      return
    }
    call.resolve(new LazyResponse(buf.slice(resultOffset(buf, start), end)))
  }

  private take(msgid: number): PendingCall | undefined {
    const call = this.calls.get(msgid)
    if (call === undefined) return undefined
    this.calls.delete(msgid)
    return call
  }

  private failAll(error?: RpcError): void {
    this.closedFlag = true
    if (this.sweeper !== undefined) clearInterval(this.sweeper)
    this.sweeper = undefined
    for (const [id, call] of this.calls) {
      this.calls.delete(id)
      call.reject(
        error ??
          this.connectError ??
          new RpcError({ reason: "Closed", message: "connection closed", sent: true })
      )
    }
  }

  close(): void {
    this.closedFlag = true
    this.socket.destroy()
  }
}

/** Offset of the result element in a whole response frame `[1, msgid, error=nil, result]`. */
const resultOffset = (buf: Uint8Array, start: number): number => {
  let pos = start + 1 // fixarray(4)
  pos += 1 // type 1
  const b = buf[pos]
  pos += b < 0x80 ? 1 : b === 0xcc ? 2 : b === 0xcd ? 3 : b === 0xce ? 5 : 9
  return pos + 1 // nil error
}
