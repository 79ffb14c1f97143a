// The juba binary's single entry: dispatch by the legacy name it was started under, else by verb.
// Each command is imported lazily so a server does not load the code of the tools.
import { startedAs, userArguments } from "../src/platform/invocation.ts"
import { VERSION } from "../src/platform/version.ts"
import { type Command, resolve, verbs } from "./dispatch.ts"

const topLevelUsage = `usage: juba <command> [options]

commands:
  server --type <type>   an engine server (same as juba<type>, e.g. jubaclassifier)
  proxy --type <type>    a proxy for a cluster of servers (same as juba<type>_proxy)
  visor                  the process supervisor (jubavisor)
  ctl                    start, stop, save, load or list a cluster (jubactl)
  config                 write, read, delete or list cluster configs in ZooKeeper (jubaconfig)
  dump                   print a saved model file as JSON (jubadump)
  conv                   show how a datum converts to features (jubaconv)
  cluster up --type <type> -f <config>
                         a local cluster: ZooKeeper, config, a proxy and servers; Ctrl-C stops it
  demo                   learn a data set live with a local classifier and print the accuracy

Run \`juba <command> --help\` for the options of a command. Symlinks named after the Jubatus
programs (jubaclassifier, jubaclassifier_proxy, jubavisor, jubactl, ...) run those directly.
`

const run = async (command: Command): Promise<number> => {
  switch (command.verb) {
    case "server":
      return (await import("./server.ts")).runServer(command)
    case "proxy":
      return (await import("./proxy.ts")).runProxy(command)
    case "visor":
      return (await import("./visor.ts")).runVisor(command)
    case "ctl":
      return (await import("./ctl.ts")).runCtl(command)
    case "config":
      return (await import("./config.ts")).runConfig(command)
    case "dump":
      return (await import("./dump.ts")).runDump(command)
    case "conv":
      return (await import("./conv.ts")).runConv(command)
  }
}

const main = async (): Promise<number> => {
  const resolution = resolve(startedAs(), userArguments())
  if (resolution._tag === "Command") return run(resolution.command)
  const [first] = resolution.args
  if (first === "cluster") return (await import("./cluster.ts")).runCluster(resolution.args.slice(1))
  if (first === "demo") return (await import("./demo.ts")).runDemo({ verb: "server", progname: "juba demo", args: resolution.args.slice(1) })
  if (first === "--version" || first === "-v") {
    process.stdout.write(`juba-${VERSION} (juba)\n`)
    return 0
  }
  if (first === undefined || first === "--help" || first === "-?" || first === "-h" || first === "help") {
    process.stderr.write(topLevelUsage)
    return 0
  }
  process.stderr.write(`unknown command: ${first} (expected one of ${verbs.join(", ")})\n${topLevelUsage}`)
  return 1
}

main().then(
  // Exit explicitly: a command is over when its function returns, whatever timers a library left.
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    process.exit(255)
  }
)
