// `juba cluster up`: a whole local cluster in one command — ZooKeeper (given or started), the config,
// a proxy and N servers — printed as a table of endpoints with the line a client needs, and taken down
// in reverse order on Ctrl-C or SIGTERM, or as soon as one of its processes dies. The work is in
// src/cluster/LocalCluster.ts; this file checks the command line and the config before anything starts.
import { Cause, Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { ClusterError } from "../src/cluster/ClusterError.ts"
import { clientLine, endpointTable } from "../src/cluster/endpointTable.ts"
import { findZooKeeper } from "../src/cluster/findZooKeeper.ts"
import { localCluster } from "../src/cluster/LocalCluster.ts"
import { engineOf, unsupportedEngineMessage } from "../src/engine/registry.ts"
import { runUntilSignalled } from "../src/platform/lifecycle.ts"
import { selfCommand } from "../src/platform/selfCommand.ts"
import { parseConfigJson } from "../src/server/configJson.ts"
import { fail, settleParse } from "./exit.ts"
import { type ClusterOptions, parseClusterOptions } from "./options/clusterOptions.ts"

const PROGNAME = "juba cluster up"

const clusterUsage = `usage: juba cluster up --type <type> -f <config.json> [options]

  Starts a local cluster: ZooKeeper (--zookeeper, or one started from an installed ZooKeeper), the
  config, a proxy and --servers servers; Ctrl-C stops everything. \`juba cluster up --help\` lists
  the options.
`

const messageOf = (e: unknown): string =>
  e instanceof Error ? e.message : typeof e === "object" && e !== null && "message" in e ? String((e as { message: unknown }).message) : String(e)

/** The config file's text once the engine accepts it, else the message saying why not. */
const readConfig = (o: ClusterOptions): { readonly text: string } | string => {
  let text: string
  try {
    text = fs.readFileSync(o.configpath, "utf8")
  } catch (e) {
    return `cannot read config file "${o.configpath}": ${(e as NodeJS.ErrnoException).code ?? messageOf(e)}`
  }
  const engine = engineOf(o.type)
  if (engine === undefined) return unsupportedEngineMessage(o.type)
  try {
    engine.decodeConfig(parseConfigJson(text, o.configpath))
  } catch (e) {
    return `cannot use config file "${o.configpath}": ${messageOf(e)}`
  }
  return { text }
}

export const runCluster = async (args: ReadonlyArray<string>): Promise<number> => {
  const [sub, ...rest] = args
  if (sub === undefined || sub === "--help" || sub === "-?" || sub === "-h" || sub === "help") {
    process.stderr.write(clusterUsage)
    return 0
  }
  if (sub !== "up") return fail(`unknown cluster command: ${sub} (expected up)\n${clusterUsage}`)

  const parsed = settleParse(parseClusterOptions(rest, PROGNAME), PROGNAME)
  if (typeof parsed === "number") return parsed
  const o: ClusterOptions = parsed
  const config = readConfig(o)
  if (typeof config === "string") return fail(config)

  const progress = (line: string) => process.stderr.write(`${line}\n`)
  let up = false
  const program = Effect.gen(function* () {
    // Added first, so it runs last: after every process is gone.
    yield* Effect.addFinalizer(() => Effect.sync(() => up && progress(`cluster ${o.type} "${o.name}" stopped`)))
    const cluster = yield* localCluster({
      type: o.type,
      name: o.name,
      servers: o.servers,
      config: config.text,
      zookeeper: o.zookeeper === "" ? undefined : o.zookeeper,
      findZooKeeper: () => findZooKeeper(process.env),
      proxyPort: o.proxyPort,
      basePort: o.basePort,
      listenAddr: o.listenAddr,
      datadir: o.datadir === "" ? "" : path.resolve(o.datadir),
      self: selfCommand(),
      progress
    })
    up = true
    process.stdout.write(
      `cluster ${o.type} "${o.name}" is up\n\n${endpointTable(cluster.endpoints)}\n\n` +
        `${clientLine(o.type, o.name, cluster.proxy.host, cluster.proxy.port)}\n` +
        `Ctrl-C stops the cluster\n`
    )
    return yield* cluster.watch
  }).pipe(
    // Said before the teardown starts, so its progress lines do not bury the cause.
    Effect.tapError((e) => Effect.sync(() => e.reason === "ProcessDied" && progress(`${e.message}\nstopping the cluster`))),
    Effect.scoped
  )
  return runUntilSignalled(program, {
    describeFailure: (cause) => {
      const e = Cause.squash(cause)
      if (e instanceof ClusterError && e.reason === "ProcessDied") return `cluster ${o.type} "${o.name}" stopped: ${e.message.split(/[;\n]/)[0]}`
      return messageOf(e)
    }
  })
}
