// One client connection of the RPC server: splits the byte stream into MessagePack frames, dispatches
// requests and notifications, and writes responses. Answers produced while one chunk is processed are
// written with a single socket write. Malformed input or an oversized frame ends this connection only.
import type { Socket } from "node:net"
import { FrameScanner } from "./FrameScanner.ts"
import { arrayStart, header } from "./MsgpackScan.ts"
import { Incomplete, MsgpackFormatError, MsgpackReader } from "./MsgpackReader.ts"
import { MsgpackWriter } from "./MsgpackWriter.ts"
import {
  ARGUMENT_ERROR,
  NO_METHOD_ERROR,
  NOTIFY,
  type Outcome,
  REQUEST,
  type RpcDispatcher
} from "./Protocol.ts"

export interface ConnectionLimits {
  /** Largest single message in bytes; a bigger one closes the connection. */
  readonly maxMessageSize: number
  /** Unanswered requests kept per connection before reading pauses (backpressure for pipelining clients). */
  readonly maxPendingRequests: number
  /** Answers buffered for a client that does not read them before its requests stop being read. */
  readonly maxWriteBuffer: number
}

export interface ConnectionEvents {
  readonly onProtocolError: (reason: string) => void
  readonly onRequest: () => void
}

// One reader and one writer serve every connection: JavaScript handles one chunk at a time and each
// chunk's answers are flushed before anything else runs, so sharing is safe, the string cache warms up
// across clients, and a thousand short connections do not each hold their own buffers.
let sharedReader: MsgpackReader | undefined
let sharedWriter: MsgpackWriter | undefined

export class ServerConnection {
  private readonly reader = (sharedReader ??= new MsgpackReader())
  private readonly writer = (sharedWriter ??= new MsgpackWriter())
  private readonly scanner = new FrameScanner()
  /** Bytes of a frame that is not complete yet. */
  private pending: Uint8Array | null = null
  private pendingLength = 0
  private scanning = false
  private inFlight = 0
  private writePaused = false
  private closed = false
  private batching = false

  constructor(
    private readonly socket: Socket,
    private readonly dispatcher: RpcDispatcher,
    private readonly limits: ConnectionLimits,
    private readonly events: ConnectionEvents
  ) {}

  /** Feeds one chunk read from the socket. */
  receive(chunk: Uint8Array): void {
    if (this.closed) return
    this.batching = true
    try {
      if (this.pending === null) this.consume(chunk, 0, chunk.length, true)
      else {
        this.append(chunk)
        const buf = this.pending
        const len = this.pendingLength
        const used = this.consume(buf, 0, len, false)
        if (this.closed) return
        if (used === len) {
          this.pending = null
          this.pendingLength = 0
        } else if (used > 0) {
          buf.copyWithin(0, used, len)
          this.pendingLength = len - used
        }
      }
    } catch (e) {
      this.fail(e instanceof MsgpackFormatError ? e.message : `malformed request: ${String(e)}`)
    } finally {
      this.batching = false
      this.flush()
    }
  }

  /**
   * Decodes and dispatches every whole frame in buf[start, end). Returns the offset consumed; when
   * `fromChunk`, the incomplete tail is copied into `pending`.
   */
  private consume(buf: Uint8Array, start: number, end: number, fromChunk: boolean): number {
    let pos = start
    const max = this.limits.maxMessageSize
    const byFrame = this.dispatcher.dispatchFrame !== undefined
    while (pos < end && !this.closed) {
      if (byFrame) {
        // The dispatcher reads params in place: find the frame's end without decoding it.
        const length = this.scanner.scan(buf, pos, end)
        if (length < 0) {
          if (end - pos > max) return this.tooLarge(end - pos)
          break
        }
        if (length > max) return this.tooLarge(length)
        this.handleFrame(buf, pos, pos + length)
        pos += length
      } else if (!this.scanning) {
        let message: unknown
        try {
          message = this.reader.decode(buf, pos, end)
        } catch (e) {
          if (e !== Incomplete) throw e
          this.scanning = true
          continue
        }
        const frameEnd = this.reader.pos
        if (frameEnd - pos > max) return this.tooLarge(frameEnd - pos)
        this.handle(message, buf, pos, frameEnd)
        pos = frameEnd
      } else {
        const length = this.scanner.scan(buf, pos, end)
        if (length < 0) {
          if (end - pos > max) return this.tooLarge(end - pos)
          break
        }
        if (length > max) return this.tooLarge(length)
        this.scanning = false
        // The frame is whole now; decode it on the next turn of the loop.
      }
    }
    if (fromChunk && pos < end && !this.closed) {
      this.pending = null
      this.pendingLength = 0
      this.append(buf.subarray(pos, end))
      return end
    }
    return pos
  }

  private append(bytes: Uint8Array): void {
    const need = this.pendingLength + bytes.length
    if (this.pending === null || this.pending.length < need) {
      const next = new Uint8Array(Math.max(need, (this.pending?.length ?? 0) * 2, 4096))
      if (this.pending !== null) next.set(this.pending.subarray(0, this.pendingLength))
      this.pending = next
    }
    this.pending.set(bytes, this.pendingLength)
    this.pendingLength = need
  }

  private tooLarge(size: number): number {
    this.fail(`message of ${size} bytes exceeds the limit of ${this.limits.maxMessageSize} bytes`)
    return 0
  }

  private handle(message: unknown, buf: Uint8Array, frameStart: number, frameEnd: number): void {
    if (!Array.isArray(message)) throw new MsgpackFormatError("a MessagePack-RPC message must be an array")
    const type = message[0]
    if (type === REQUEST && message.length === 4) {
      const msgid = message[1]
      const method = message[2]
      const params = message[3]
      if (typeof msgid !== "number" || !Number.isInteger(msgid) || msgid < 0 || msgid > 0xffffffff)
        throw new MsgpackFormatError("request msgid must be a uint32")
      const name = typeof method === "string" ? method : method instanceof Uint8Array ? new TextDecoder().decode(method) : null
      if (name === null) throw new MsgpackFormatError("request method must be a string")
      this.events.onRequest()
      if (!Array.isArray(params)) return this.respond(msgid, { _tag: "ArgumentError", message: "std::bad_cast" })
      const frame = { bytes: buf, paramsStart: paramsOffset(buf, frameStart), paramsEnd: frameEnd }
      return this.answer(msgid, () => this.dispatcher.dispatch(name, params, frame))
    }
    if (type === NOTIFY && message.length === 3) {
      const method = message[1]
      const params = message[2]
      if (typeof method === "string" && Array.isArray(params)) {
        try {
          const r = this.dispatcher.dispatch(method, params, { bytes: buf, paramsStart: frameEnd, paramsEnd: frameEnd })
          if (r instanceof Promise) r.catch(() => undefined)
        } catch {
          // A notification has nobody to tell.
        }
        return
      }
    }
    throw new MsgpackFormatError("not a MessagePack-RPC request or notification")
  }

  /**
   * A whole frame for a dispatcher that reads params in place: only the envelope of a request
   * `[0, msgid, method, params]` is decoded; anything else takes the decoding path.
   */
  private handleFrame(buf: Uint8Array, frameStart: number, frameEnd: number): void {
    const envelope = arrayStart(buf, frameStart, frameEnd)
    if (envelope < 0 || header.count !== 4 || buf[envelope] !== REQUEST) {
      return this.handle(this.reader.decode(buf, frameStart, frameEnd), buf, frameStart, frameEnd)
    }
    const msgid = this.reader.decode(buf, envelope + 1, frameEnd)
    const method = this.reader.decode(buf, this.reader.pos, frameEnd)
    const paramsStart = this.reader.pos
    if (typeof msgid !== "number" || !Number.isInteger(msgid) || msgid < 0 || msgid > 0xffffffff)
      throw new MsgpackFormatError("request msgid must be a uint32")
    const name = typeof method === "string" ? method : method instanceof Uint8Array ? new TextDecoder().decode(method) : null
    if (name === null) throw new MsgpackFormatError("request method must be a string")
    this.events.onRequest()
    if (arrayStart(buf, paramsStart, frameEnd) < 0) return this.respond(msgid, { _tag: "ArgumentError", message: "std::bad_cast" })
    const frame = { bytes: buf, paramsStart, paramsEnd: frameEnd }
    this.answer(msgid, () => this.dispatcher.dispatchFrame!(name, frame))
  }

  /** Runs a dispatch and answers it now, or when its promise settles. */
  private answer(msgid: number, dispatch: () => Outcome | Promise<Outcome>): void {
    let outcome: Outcome | Promise<Outcome>
    try {
      outcome = dispatch()
    } catch (e) {
      outcome = { _tag: "Failure", message: e instanceof Error ? e.message : String(e) }
    }
    if (outcome instanceof Promise) {
      this.inFlight++
      if (this.inFlight >= this.limits.maxPendingRequests) this.socket.pause()
      outcome.then(
        (o) => this.respondLater(msgid, o),
        (e) => this.respondLater(msgid, { _tag: "Failure", message: e instanceof Error ? e.message : String(e) })
      )
    } else this.respond(msgid, outcome)
  }


  private respondLater(msgid: number, outcome: Outcome): void {
    this.inFlight--
    if (this.closed) return
    if (this.inFlight < this.limits.maxPendingRequests && !this.writePaused && this.socket.isPaused()) this.socket.resume()
    this.respond(msgid, outcome)
    if (!this.batching) this.flush()
  }

  private respond(msgid: number, outcome: Outcome): void {
    const w = this.writer
    const mark = w.length
    try {
      w.arrayHeader(4)
      w.int(1)
      w.int(msgid)
      switch (outcome._tag) {
        case "Result":
          w.nil()
          if (outcome.write !== undefined) outcome.write(w, outcome.value)
          else w.value(outcome.value)
          break
        case "EncodedResult":
          w.nil()
          w.encoded(outcome.bytes)
          break
        case "NoMethod":
          w.int(NO_METHOD_ERROR)
          w.string(outcome.method)
          break
        case "ArgumentError":
          w.int(ARGUMENT_ERROR)
          w.string(outcome.message)
          break
        case "Failure":
          w.string(outcome.message)
          w.nil()
          break
        case "RawError":
          w.value(outcome.error)
          w.value(outcome.result)
          break
      }
    } catch (e) {
      // A result that cannot be encoded must not leave half a response on the wire.
      w.truncate(mark)
      this.respond(msgid, { _tag: "Failure", message: `cannot encode result: ${e instanceof Error ? e.message : String(e)}` })
    }
  }

  private flush(): void {
    if (this.writer.length === 0) return
    if (this.closed) {
      // The writer is shared: answers for a closed client must not reach the next one.
      this.writer.reset()
      return
    }
    this.socket.write(this.writer.toBytes())
    this.writer.reset()
    // A client that sends but does not read would make us buffer answers without end: stop reading it
    // until its socket drains.
    if (this.socket.writableLength > this.limits.maxWriteBuffer && !this.writePaused) {
      this.writePaused = true
      this.socket.pause()
      this.socket.once("drain", () => {
        this.writePaused = false
        if (this.inFlight < this.limits.maxPendingRequests) this.socket.resume()
      })
    }
  }

  /** Requests whose answers have not been written yet (for draining on stop). */
  get pendingAnswers(): number {
    return this.inFlight
  }

  private fail(reason: string): void {
    if (this.closed) return
    this.flush()
    this.closed = true
    this.events.onProtocolError(reason)
    this.socket.end()
    this.socket.destroySoon?.()
  }

  close(): void {
    this.closed = true
  }
}

/** Offset of the params array in a whole request frame `[0, msgid, method, params]`. */
const paramsOffset = (buf: Uint8Array, frameStart: number): number => {
  let pos = frameStart + (buf[frameStart] === 0xdc ? 3 : buf[frameStart] === 0xdd ? 5 : 1)
  for (let i = 0; i < 3; i++) pos = skipScalar(buf, pos)
  return pos
}

/** Skips an integer or string header and payload (the only kinds in a request's envelope). */
const skipScalar = (buf: Uint8Array, pos: number): number => {
  const b = buf[pos]
  if (b < 0x80 || b >= 0xe0) return pos + 1
  if (b >= 0xa0 && b <= 0xbf) return pos + 1 + (b & 0x1f)
  switch (b) {
    case 0xcc: case 0xd0: return pos + 2
    case 0xcd: case 0xd1: return pos + 3
    case 0xce: case 0xd2: case 0xca: return pos + 5
    case 0xcf: case 0xd3: case 0xcb: return pos + 9
    case 0xd9: case 0xc4: return pos + 2 + buf[pos + 1]
    case 0xda: case 0xc5: return pos + 3 + ((buf[pos + 1] << 8) | buf[pos + 2])
    default: return pos + 5 + (((buf[pos + 1] << 24) >>> 0) + (buf[pos + 2] << 16) + (buf[pos + 3] << 8) + buf[pos + 4])
  }
}
