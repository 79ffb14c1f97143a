// Port checks of `juba cluster up`: is a port free before a process is started on it, pick a free one
// for port 0, and wait until a started process listens (failing early when it exits instead).
import * as net from "node:net"
import { Effect } from "effect"
import { ClusterError } from "./ClusterError.ts"
import { describeEnd, type ManagedProcess } from "./ManagedProcess.ts"

/** Binds `host:port` for a moment: the port the kernel gave (for 0), or undefined when it is taken. */
const tryBind = (host: string, port: number): Promise<number | undefined> =>
  new Promise((resolve) => {
    const server = net.createServer()
    server.unref()
    server.once("error", () => resolve(undefined))
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address()
      const bound = typeof address === "object" && address !== null ? address.port : undefined
      server.close(() => resolve(bound))
    })
  })

/**
 * The ports to use, in order: each wanted port when free, a kernel-chosen one for 0. Ports are only
 * free when asked, so a process may still lose one to a race; it then fails to start and says so.
 */
export const reservePorts = (
  host: string,
  wanted: ReadonlyArray<{ readonly role: string; readonly port: number }>
): Effect.Effect<ReadonlyArray<number>, ClusterError> =>
  Effect.tryPromise({
    try: async () => {
      const chosen: Array<number> = []
      for (const { role, port } of wanted) {
        let bound: number | undefined
        // A kernel pick may repeat a port chosen a moment ago for another role: ask again.
        for (let attempt = 0; attempt < 5; attempt++) {
          bound = await tryBind(host, port)
          if (bound === undefined || port !== 0 || !chosen.includes(bound)) break
        }
        if (bound === undefined) {
          throw new ClusterError({
            reason: "PortBusy",
            message: `cannot start ${role} on ${host}:${port}: the port is in use (choose others with --proxy-port and --base-port, or 0 for any free port)`
          })
        }
        chosen.push(bound)
      }
      return chosen
    },
    catch: (e) =>
      e instanceof ClusterError ? e : new ClusterError({ reason: "PortBusy", message: `cannot check ports on ${host}: ${String(e)}` })
  })

const connects = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.createConnection({ host, port })
    socket.once("connect", () => {
      socket.destroy()
      resolve(true)
    })
    socket.once("error", () => {
      socket.destroy()
      resolve(false)
    })
  })

/** Resolves once `host:port` accepts connections; fails when `process` exits first or time runs out. */
export const waitUntilListening = (
  process: ManagedProcess,
  host: string,
  port: number,
  timeoutMs: number
): Effect.Effect<void, ClusterError> =>
  Effect.gen(function* () {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (!process.running()) {
        const end = yield* Effect.promise(() => process.ended)
        return yield* Effect.fail(
          new ClusterError({
            reason: "StartFailed",
            message: `cannot start ${process.role} on ${host}:${port}: it exited (${describeEnd(end)}):\n${process.outputTail()}`
          })
        )
      }
      if (yield* Effect.promise(() => connects(host, port))) return
      if (Date.now() > deadline) {
        return yield* Effect.fail(
          new ClusterError({
            reason: "StartFailed",
            message: `cannot start ${process.role}: nothing listens on ${host}:${port} after ${timeoutMs / 1000} s:\n${process.outputTail()}`
          })
        )
      }
      yield* Effect.sleep(50)
    }
  })
