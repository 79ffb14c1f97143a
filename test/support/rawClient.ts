// A bare MessagePack-RPC client over a real TCP socket for tests: sends exact bytes and collects the
// raw frames that come back, so tests can assert on the wire format itself.
import * as net from "node:net"
import { FrameScanner } from "../../src/rpc/FrameScanner.ts"
import { decodeValue } from "../../src/rpc/MsgpackReader.ts"

export class RawClient {
  private buffer = new Uint8Array(0)
  private readonly frames: Array<Uint8Array> = []
  private waiters: Array<() => void> = []
  closed = false

  private constructor(private readonly socket: net.Socket) {
    socket.on("data", (chunk: Uint8Array) => {
      const next = new Uint8Array(this.buffer.length + chunk.length)
      next.set(this.buffer)
      next.set(chunk, this.buffer.length)
      this.buffer = next
      for (;;) {
        const n = new FrameScanner().scan(this.buffer, 0, this.buffer.length)
        if (n < 0) break
        this.frames.push(this.buffer.slice(0, n))
        this.buffer = this.buffer.slice(n)
      }
      this.wake()
    })
    socket.on("close", () => {
      this.closed = true
      this.wake()
    })
    socket.on("error", () => undefined)
  }

  private wake(): void {
    const w = this.waiters
    this.waiters = []
    for (const f of w) f()
  }

  static connect(port: number, host = "127.0.0.1"): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.createConnection({ host, port }, () => resolve(new RawClient(s)))
      s.once("error", reject)
    })
  }

  send(bytes: Uint8Array): void {
    this.socket.write(bytes)
  }

  /** Waits for the next response frame; rejects on close or after `timeoutMs`. */
  async nextFrame(timeoutMs = 5000): Promise<Uint8Array> {
    const deadline = Date.now() + timeoutMs
    while (this.frames.length === 0) {
      if (this.closed) throw new Error("connection closed")
      const left = deadline - Date.now()
      if (left <= 0) throw new Error("no response in time")
      await new Promise<void>((r) => {
        const t = setTimeout(r, left)
        this.waiters.push(() => {
          clearTimeout(t)
          r()
        })
      })
    }
    return this.frames.shift()!
  }

  async next(timeoutMs = 5000): Promise<unknown> {
    return decodeValue(await this.nextFrame(timeoutMs))
  }

  /** Resolves once the server has closed the connection. */
  async waitClosed(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    return this.closed
  }

  close(): void {
    this.socket.destroy()
  }
}
