// `juba server --type T` / `juba<T>`: one engine server process (Jubatus's *_serv main + server_helper).
// Standalone: config from -f or the model file of -m. Distributed (-z, -n): see src/server/distributed.
import { Cause, Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { isDaemonChild, startDetached } from "../src/platform/daemon.ts"
import { ConfigError } from "../src/common/errors.ts"
import { engineOf, jubatusEngineTypes, unsupportedEngineMessage } from "../src/engine/registry.ts"
import { lifecycleLog } from "../src/server/bootLog.ts"
import { limitsStatus } from "../src/server/limitsStatus.ts"
import { ConfigSyntaxError, parseConfigJson } from "../src/server/configJson.ts"
import { EngineServer, type LoadedConfig } from "../src/server/EngineServer.ts"
import { readModelFile } from "../src/server/ModelStore.ts"
import { runUntilSignalled } from "../src/platform/lifecycle.ts"
import { configureLog, log, logCallFailure, useLogDir } from "../src/platform/log.ts"
import { advertisedIp, bindAddress } from "../src/platform/network.ts"
import { RpcServer } from "../src/rpc/RpcServer.ts"
import { messageOf } from "../src/platform/errorMessage.ts"
import { listenOptions } from "../src/server/listenOptions.ts"
import { serveHttpEndpoint } from "../src/metrics/serveHttpEndpoint.ts"
import { ProcessMetrics } from "../src/metrics/Metrics.ts"
import { sampleServer } from "../src/metrics/serverMetrics.ts"
import type { Command } from "./dispatch.ts"
import { fail, settleParse } from "./exit.ts"
import { parseServerOptions, type ServerOptions } from "./options/serverOptions.ts"

export const runServer = async (command: Command): Promise<number> => {
  const parsed = settleParse(
    parseServerOptions(command.args, { progname: command.progname, type: command.type, types: jubatusEngineTypes }),
    command.progname
  )
  if (typeof parsed === "number") return parsed
  const o: ServerOptions = parsed
  configureLog({ format: o.logFormat })
  const engine = engineOf(o.type)
  if (engine === undefined) return fail(unsupportedEngineMessage(o.type))
  try {
    fs.accessSync(o.datadir, fs.constants.W_OK)
  } catch (e) {
    return fail(`can't use datadir: ${(e as NodeJS.ErrnoException).code ?? String(e)}`)
  }
  if (o.zookeeper !== undefined) {
    const { runDistributedServer } = await import("../src/server/distributed/runDistributedServer.ts")
    return runDistributedServer(engine, o, command.progname)
  }

  let config: LoadedConfig<unknown>
  let packed: unknown
  try {
    if (o.modelFile !== "") {
      const file = await readModelFile(o.modelFile, engine.type)
      if (o.configpath !== "") log.info(`config in model file "${o.modelFile}" is used instead of "${o.configpath}"`)
      config = { text: file.config, value: engine.decodeConfig(parseConfigJson(file.config, o.modelFile)), source: o.configpath || o.modelFile }
      packed = file.driverPayload
    } else {
      const text = fs.readFileSync(o.configpath, "utf8")
      config = { text, value: engine.decodeConfig(parseConfigJson(text, o.configpath)), source: o.configpath }
    }
  } catch (e) {
    return reportConfigProblem(e, o.configTest)
  }
  if (o.configTest) return fail("Configuration OK", 0)
  if (o.daemon && !isDaemonChild()) {
    // Paths given relative to the caller's directory must survive the daemon's chdir("/").
    const absolute = command.args.map((a, i) => (["-f", "--configpath", "-m", "--model_file", "-d", "--datadir", "-l", "--logdir"].includes(command.args[i - 1] ?? "") ? path.resolve(a) : a))
    startDetached(["server", "--type", engine.type, ...absolute])
    return 0
  }

  const ip = advertisedIp(o.listenAddr, o.listenIf)
  const logProblem = useLogDir(o.logdir, command.progname, ip, o.rpcPort)
  if (logProblem !== undefined) return fail(logProblem)
  const server = new EngineServer(engine, config, {
    id: `${ip}_${o.rpcPort}`,
    ip,
    port: o.rpcPort,
    progname: command.progname,
    distributed: false,
    datadir: fs.realpathSync(o.datadir),
    timeout: o.timeout,
    threadnum: o.thread,
    logdir: o.logdir,
    logConfig: o.logConfig
  })
  if (packed !== undefined) {
    try {
      server.replaceModel(packed, `model file "${o.modelFile}"`)
    } catch (e) {
      return fail(`cannot load model file "${o.modelFile}": ${messageOf(e)}`)
    }
  }
  const metrics = new ProcessMetrics()
  sampleServer(metrics, server)
  const layer = RpcServer.serving(
    listenOptions(o),
    server.dispatcher({ onCall: o.httpPort > 0 ? (m, ok, t) => metrics.recordCall(m, ok, t) : undefined, onFailure: logCallFailure })
  )
  const program = Effect.gen(function* () {
    const rpc = yield* RpcServer
    server.addStatus(limitsStatus(o, rpc.stats))
    yield* serveHttpEndpoint(o.httpPort, bindAddress(o.listenAddr, o.listenIf), metrics, () => undefined)
    lifecycleLog.started(command.progname, ip, o, "standalone mode")
    return yield* Effect.never
  }).pipe(Effect.scoped, Effect.provide(layer), Effect.ensuring(Effect.sync(() => log.info("server stopped"))))
  return runUntilSignalled(program, { describeFailure: (cause) => describeStartFailure(cause) })
}

export const describeStartFailure = (cause: Cause.Cause<unknown>): string => messageOf(Cause.squash(cause))

export const reportConfigProblem = (e: unknown, configTest: boolean): number => {
  if (e instanceof ConfigError) return fail(configTest ? `Configuration error:\n${e.message}` : `invalid configuration: ${e.message}`)
  if (e instanceof ConfigSyntaxError) return fail(e.message)
  const err = e as NodeJS.ErrnoException
  if (err?.code === "ENOENT" || err?.code === "EACCES") return fail(`cannot read config file: ${err.path ?? ""}: ${err.code}`)
  return fail(messageOf(e))
}
