import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { listen } from "../../src/rpc/RpcServer.ts"
import { Outcome, type RpcDispatcher } from "../../src/rpc/Protocol.ts"
import { ClientConnection } from "../../src/rpc/ClientConnection.ts"
import { encodeValue } from "../../src/rpc/MsgpackWriter.ts"
import { RpcError } from "../../src/rpc/RpcError.ts"
import { RawClient } from "../support/rawClient.ts"
import { samples } from "../fixtures/wireSamples.ts"

const hexOf = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ")

const dispatcher: RpcDispatcher = {
  dispatch: (method, params) => {
    switch (method) {
      case "echo":
        return Outcome.result(params)
      case "clear":
        return Outcome.result(true)
      case "train":
        return Array.isArray(params[1]) ? Outcome.result(params[1].length) : Outcome.argumentError()
      case "fail":
        return Outcome.failure("empty id is not allowed")
      case "slow":
        return new Promise((r) => setTimeout(() => r(Outcome.result(params[0])), params[1] as number))
      case "throws":
        throw new Error("boom")
      default:
        return Outcome.noMethod(method)
    }
  }
}

let server: Awaited<ReturnType<typeof listen>>
beforeAll(async () => {
  server = await listen({ host: "127.0.0.1", port: 0, timeoutSec: 0, maxMessageSize: 64 * 1024, maxConnections: 64 }, dispatcher)
})
afterAll(() => server.close(100))

describe("RpcServer", () => {
  test("answers an unknown method with error 1 and the method name, byte for byte", async () => {
    const c = await RawClient.connect(server.port)
    c.send(samples.unknownMethodRequest)
    expect(hexOf(await c.nextFrame())).toBe(hexOf(samples.unknownMethodResponse))
    c.close()
  })

  test("answers a failing handler with the message as a string error and a nil result", async () => {
    const c = await RawClient.connect(server.port)
    c.send(encodeValue([0, 7, "fail", [""]]))
    expect(await c.next()).toEqual([1, 7, "empty id is not allowed", null])
    c.send(encodeValue([0, 8, "throws", [""]]))
    expect(await c.next()).toEqual([1, 8, "boom", null])
    c.close()
  })

  test("answers a request whose params are not an array with an argument error", async () => {
    const c = await RawClient.connect(server.port)
    c.send(encodeValue([0, 9, "train", "x"]))
    expect(await c.next()).toEqual([1, 9, 2, "std::bad_cast"])
    c.close()
  })

  test("handles a request split into single bytes", async () => {
    const c = await RawClient.connect(server.port)
    for (const b of samples.clearRequest) {
      c.send(new Uint8Array([b]))
      await Bun.sleep(1)
    }
    expect(hexOf(await c.nextFrame())).toBe(hexOf(samples.trueResponse))
    c.close()
  })

  test("answers every one of many requests sent in one chunk", async () => {
    const c = await RawClient.connect(server.port)
    const parts: Array<number> = []
    for (let i = 0; i < 200; i++) parts.push(...encodeValue([0, i, "echo", [i]]))
    c.send(new Uint8Array(parts))
    for (let i = 0; i < 200; i++) expect(await c.next()).toEqual([1, i, null, [i]])
    c.close()
  })

  test("matches answers by msgid when they come out of order", async () => {
    const client = new ClientConnection("127.0.0.1", server.port, 1000)
    const slow = client.call("slow", (w) => w.value(["late", 80]), 2000)
    const fast = client.call("slow", (w) => w.value(["early", 1]), 2000)
    const order: Array<string> = []
    await Promise.all([slow.then((r) => order.push(r.result as string)), fast.then((r) => order.push(r.result as string))])
    expect(order).toEqual(["early", "late"])
    client.close()
  })

  test("gives a client deadline as a timeout error", async () => {
    const client = new ClientConnection("127.0.0.1", server.port, 1000)
    const err = await client.call("slow", (w) => w.value(["x", 500]), 50).catch((e) => e)
    expect(err).toBeInstanceOf(RpcError)
    expect((err as RpcError).reason).toBe("Timeout")
    expect((err as RpcError).message).toBe("request timed out")
    client.close()
  })

  test("reports a refused connection as a connect failure that sent nothing", async () => {
    const client = new ClientConnection("127.0.0.1", 1, 1000)
    const err = (await client.call("echo", (w) => w.value([]), 1000).catch((e) => e)) as RpcError
    expect(err.reason).toBe("ConnectFailed")
    expect(err.sent).toBe(false)
  })

  test("closes a connection that sends a message over the size cap, and keeps serving others", async () => {
    const big = await RawClient.connect(server.port)
    big.send(encodeValue([0, 1, "echo", ["z".repeat(100 * 1024)]]))
    expect(await big.waitClosed()).toBe(true)
    const other = await RawClient.connect(server.port)
    other.send(samples.clearRequest)
    expect(hexOf(await other.nextFrame())).toBe(hexOf(samples.trueResponse))
    other.close()
  })

  test("closes a connection on garbage without answering it", async () => {
    const c = await RawClient.connect(server.port)
    c.send(new Uint8Array([0xc1, 0xc1, 0xc1]))
    expect(await c.waitClosed()).toBe(true)
    const ok = await RawClient.connect(server.port)
    ok.send(samples.clearRequest)
    expect(await ok.next()).toEqual([1, 1, null, true])
    ok.close()
  })

  test("survives a fuzz run of random and truncated frames and still answers correct requests", async () => {
    let seed = 42
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed / 0x100000000
    }
    const valid = [samples.trainTwoRequest, samples.classifyRequest, samples.getLabelsRequest, samples.clearRequest]
    const watcher = await RawClient.connect(server.port)
    for (let round = 0; round < 60; round++) {
      const c = await RawClient.connect(server.port)
      for (let i = 0; i < 50; i++) {
        const base = valid[Math.floor(rnd() * valid.length)]
        const kind = rnd()
        let frame: Uint8Array
        if (kind < 0.3) frame = base.slice(0, Math.floor(rnd() * base.length))
        else if (kind < 0.6) {
          frame = base.slice()
          for (let k = 0; k < 3; k++) frame[Math.floor(rnd() * frame.length)] = Math.floor(rnd() * 256)
        } else frame = new Uint8Array(Array.from({ length: 1 + Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256)))
        c.send(frame)
      }
      c.close()
      if (round % 10 === 0) {
        watcher.send(samples.clearRequest)
        expect(await watcher.next()).toEqual([1, 1, null, true])
      }
    }
    const after = await RawClient.connect(server.port)
    after.send(samples.trainTwoRequest)
    expect(await after.next()).toEqual([1, 1, null, 2])
    after.close()
    watcher.close()
  })
})

describe("RpcServer idle timeout", () => {
  test("closes a connection idle for --timeout seconds and keeps a busy one", async () => {
    const s = await listen({ host: "127.0.0.1", port: 0, timeoutSec: 1, maxMessageSize: 64 * 1024, maxConnections: 8 }, dispatcher)
    try {
      const idle = await RawClient.connect(s.port)
      const busy = await RawClient.connect(s.port)
      const started = Date.now()
      while (Date.now() - started < 2500) {
        busy.send(samples.clearRequest)
        expect(await busy.next()).toEqual([1, 1, null, true])
        await Bun.sleep(200)
      }
      expect(idle.closed).toBe(true)
      expect(busy.closed).toBe(false)
      idle.close()
      busy.close()
    } finally {
      await s.close(100)
    }
  })

  test("with --timeout 0 keeps idle connections", async () => {
    const s = await listen({ host: "127.0.0.1", port: 0, timeoutSec: 0, maxMessageSize: 64 * 1024, maxConnections: 8 }, dispatcher)
    try {
      const idle = await RawClient.connect(s.port)
      await Bun.sleep(1500)
      expect(idle.closed).toBe(false)
      idle.send(samples.clearRequest)
      expect(await idle.next()).toEqual([1, 1, null, true])
      idle.close()
    } finally {
      await s.close(100)
    }
  })
})
