// One client connection to a MessagePack-RPC server: many calls in flight, answers matched by msgid in
// whatever order they come, a deadline per call. Requests issued in the same tick share one write.
import * as net from "node:net"
import { FrameScanner } from "./FrameScanner.ts"
import { Incomplete, MsgpackReader } from "./MsgpackReader.ts"
import { MsgpackWriter } from "./MsgpackWriter.ts"
import { RESPONSE } from "./Protocol.ts"
import { RpcError, remoteErrorMessage } from "./RpcError.ts"

/** A successful answer: the result element, decoded, and its encoded bytes for passing through. */
export interface RawResponse {
  readonly result: unknown
  readonly resultBytes: Uint8Array
}

interface PendingCall {
  readonly resolve: (r: RawResponse) => void
  readonly reject: (e: RpcError) => void
  readonly timer: ReturnType<typeof setTimeout> | undefined
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
  private scanning = false
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
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              if (this.calls.delete(msgid))
                reject(new RpcError({ reason: "Timeout", message: "request timed out", sent: true }))
            }, timeoutMs)
          : undefined
      this.calls.set(msgid, { resolve, reject, timer })
      this.scheduleFlush()
    })
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
      while (pos < end) {
        if (this.scanning) {
          const length = this.scanner.scan(buf, pos, end)
          if (length < 0) break
          this.scanning = false
        }
        let message: unknown
        try {
          message = this.reader.decode(buf, pos, end)
        } catch (e) {
          if (e !== Incomplete) throw e
          this.scanning = true
          continue
        }
        const frameEnd = this.reader.pos
        this.handle(message, buf, pos, frameEnd)
        pos = frameEnd
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

  private handle(message: unknown, buf: Uint8Array, start: number, end: number): void {
    if (!Array.isArray(message) || message.length !== 4 || message[0] !== RESPONSE) return
    const call = this.calls.get(message[1] as number)
    if (call === undefined) return
    this.calls.delete(message[1] as number)
    if (call.timer !== undefined) clearTimeout(call.timer)
    const error = message[2]
    if (error !== null) {
      call.reject(new RpcError({ reason: "Remote", message: remoteErrorMessage(error, message[3]), error, result: message[3], sent: true }))
      return
    }
    call.resolve({ result: message[3], resultBytes: buf.slice(resultOffset(buf, start), end) })
  }

  private failAll(error?: RpcError): void {
    this.closedFlag = true
    for (const [id, call] of this.calls) {
      this.calls.delete(id)
      if (call.timer !== undefined) clearTimeout(call.timer)
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
