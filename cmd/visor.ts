// `juba visor` / `jubavisor`: the per-host process supervisor (jubatus/server/jubavisor/main.cpp). It
// listens for jubactl's `start`/`stop`, registers `/jubatus/supervisors/<ip>_<port>`, and runs servers
// from this same binary. Scopes close in order on SIGTERM: stop listening, stop every child (each
// leaves its cluster first), end the ZooKeeper session. A lost session stops the children and exits 255.
import { messageOf } from "../src/platform/errorMessage.ts"
import { Cause, Effect } from "effect"
import * as path from "node:path"
import { Coordinator } from "../src/coord/Coordinator.ts"
import { runUntilSignalled } from "../src/platform/lifecycle.ts"
import { log } from "../src/platform/log.ts"
import { defaultIPv4 } from "../src/platform/network.ts"
import { announceReady, DAEMON_CHILD_ENV, detach, isDaemonChild } from "../src/visor/daemonize.ts"
import { currentSelfLauncher } from "../src/visor/selfLauncher.ts"
import { serveVisor } from "../src/visor/serveVisor.ts"
import type { Command } from "./dispatch.ts"
import { fail, settleParse } from "./exit.ts"
import { DEFAULT_MAX_MESSAGE_SIZE } from "./options/runtimeOptions.ts"
import { parseVisorOptions, type VisorOptions } from "./options/visorOptions.ts"

/** Jubatus hard-codes the ZooKeeper session it asks for (the server caps it at its maxSessionTimeout). */
const ZOOKEEPER_TIMEOUT_SEC = 1024
const MAX_CHILDREN = 16
const DAEMON_READY_TIMEOUT_MS = 15_000

const describe = messageOf

export const runVisor = async (command: Command): Promise<number> => {
  const parsed = settleParse(parseVisorOptions(command.args, command.progname), command.progname)
  if (typeof parsed === "number") return parsed
  const o: VisorOptions = parsed
  const ip = defaultIPv4()
  const launcher = currentSelfLauncher()

  if (o.daemon && !isDaemonChild(process.env)) {
    const logFile = path.resolve(o.logdir, `jubavisor.${ip}_${o.rpcPort}.log`)
    const outcome = await detach({ invocation: launcher("jubavisor"), args: command.args, logFile, readyTimeoutMs: DAEMON_READY_TIMEOUT_MS })
    switch (outcome._tag) {
      case "Ready":
        process.stderr.write(`jubavisor started in daemon mode on port ${o.rpcPort} (pid ${outcome.pid}), logging to ${logFile}\n`)
        return 0
      case "Pending":
        process.stderr.write(`jubavisor (pid ${outcome.pid}) is still starting in the background: see ${logFile}\n`)
        return 0
      case "Failed":
        return fail(`cannot start jubavisor in daemon mode: ${outcome.message}`)
    }
  }
  const daemonChild = isDaemonChild(process.env)
  const childEnv: Record<string, string | undefined> = { ...process.env }
  delete childEnv[DAEMON_CHILD_ENV]

  // Connecting waits up to 1024 s for ZooKeeper and the Coordinator's acquisition cannot be interrupted;
  // nothing is held yet then (no child, no registration), so a stop signal ends the process at once.
  let connected = false
  const quitWhileConnecting = () => {
    if (!connected) {
      log.info("jubavisor stopped before ZooKeeper answered")
      process.exit(0)
    }
  }
  process.on("SIGTERM", quitWhileConnecting)
  process.on("SIGINT", quitWhileConnecting)
  const markConnected = Effect.sync(() => {
    connected = true
    process.off("SIGTERM", quitWhileConnecting)
    process.off("SIGINT", quitWhileConnecting)
  })

  let sessionLost = false
  const served = serveVisor({
    ip,
    rpcPort: o.rpcPort,
    zookeeper: o.zookeeper,
    maxChildren: MAX_CHILDREN,
    launcher,
    childEnv,
    childStderr: "inherit",
    maxMessageSize: DEFAULT_MAX_MESSAGE_SIZE,
    onReady: () => {
      if (daemonChild) announceReady()
    }
  }).pipe(
    Effect.tapError((e) =>
      Effect.sync(() => {
        if (e._tag === "VisorError" && e.reason === "SessionLost") sessionLost = true
      })
    )
  )
  const program = Effect.andThen(markConnected, served)

  const code = await runUntilSignalled(
    Effect.scoped(program).pipe(
      Effect.provide(Coordinator.layer({ hosts: o.zookeeper, timeoutSec: ZOOKEEPER_TIMEOUT_SEC })),
      Effect.ensuring(Effect.sync(() => log.info("jubavisor stopped")))
    ),
    { describeFailure: (cause) => describe(Cause.squash(cause)) }
  )
  // Jubatus's cleanup ends in exit(-1) after a lost session.
  return sessionLost ? 255 : code
}
