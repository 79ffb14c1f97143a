// Runs a long-lived Effect program until SIGTERM or SIGINT, then interrupts it so every scope closes in
// order (leave membership, stop mixing, close the listener) before the process exits with 0, as
// Jubatus's servers do. SIGPIPE is ignored; SIGHUP is handed to the caller (log reopening).
import { Cause, Effect, Exit, Fiber } from "effect"
import { reopenLogFile } from "./log.ts"

export const runUntilSignalled = <E>(
  program: Effect.Effect<unknown, E>,
  options: { readonly onHangup?: () => void; readonly describeFailure: (cause: Cause.Cause<E>) => string }
): Promise<number> =>
  new Promise((resolve) => {
    const fiber = Effect.runFork(program)
    let stopping = false
    const stop = () => {
      if (stopping) return
      stopping = true
      Effect.runFork(Fiber.interrupt(fiber))
    }
    const hangup = () => {
      reopenLogFile()
      options.onHangup?.()
    }
    const ignore = () => undefined
    process.on("SIGTERM", stop)
    process.on("SIGINT", stop)
    process.on("SIGHUP", hangup)
    if (process.platform !== "win32") process.on("SIGPIPE", ignore)
    fiber.addObserver((exit) => {
      process.off("SIGTERM", stop)
      process.off("SIGINT", stop)
      process.off("SIGHUP", hangup)
      if (Exit.isSuccess(exit) || Cause.hasInterruptsOnly(exit.cause)) resolve(0)
      else {
        process.stderr.write(`${options.describeFailure(exit.cause)}\n`)
        resolve(1)
      }
    })
  })
