// `juba ctl` / `jubactl`: start, stop, save, load or list a cluster through ZooKeeper and the
// jubavisors (jubatus/server/cmd/jubactl.cpp). The work is src/ctl/ClusterControl.ts; this wires the
// options, the ZooKeeper session (10 s, as jubactl's) and the standard streams.
import { Cause, Effect, Exit } from "effect"
import { Coordinator } from "../src/coord/Coordinator.ts"
import { controlCluster } from "../src/ctl/ClusterControl.ts"
import { defaultServerArgv, type ServerArgv } from "../src/visor/ServerArgv.ts"
import type { Command } from "./dispatch.ts"
import { fail, settleParse } from "./exit.ts"
import { type CtlOptions, parseCtlOptions } from "./options/ctlOptions.ts"
import { missingZookeeperMessage } from "./options/zookeeperLocation.ts"

const ZOOKEEPER_TIMEOUT_SEC = 10
const CALL_TIMEOUT_MS = 10_000

/** The server_argv jubactl fills for `start`; the other fields keep server_argv's defaults. */
export const serverArgvOf = (o: CtlOptions): ServerArgv => ({
  ...defaultServerArgv,
  bindIf: o.listenIf,
  threadnum: o.thread,
  timeout: o.timeout,
  programName: o.type,
  z: o.zookeeper,
  name: `${o.server}/${o.name}`,
  datadir: o.datadir,
  logdir: o.logdir,
  logConfig: o.logConfig,
  mixer: o.mixer,
  intervalSec: o.intervalSec,
  intervalCount: o.intervalCount,
  zookeeperTimeout: o.zookeeperTimeout,
  interconnectTimeout: o.interconnectTimeout
})

export const runCtl = async (command: Command): Promise<number> => {
  const outcome = parseCtlOptions(command.args, command.progname, process.env)
  // Jubatus prints this one on stdout, then the empty `-z` value on a line of its own, then the usage.
  if (outcome._tag === "Invalid" && outcome.message === missingZookeeperMessage) {
    process.stdout.write(`${outcome.message}\n\n${outcome.usage.endsWith("\n") ? outcome.usage : `${outcome.usage}\n`}`)
    return 1
  }
  const parsed = settleParse(outcome, command.progname)
  if (typeof parsed === "number") return parsed
  const o: CtlOptions = parsed
  const program = controlCluster(
    { cmd: o.cmd, server: o.server, name: o.name, type: o.type, num: o.num, id: o.id, serverArgv: serverArgvOf(o) },
    {
      out: (text) => process.stdout.write(text),
      err: (line) => process.stderr.write(`${line}\n`),
      color: (process.env.NO_COLOR ?? "") === "",
      timeoutMs: CALL_TIMEOUT_MS
    }
  ).pipe(Effect.provide(Coordinator.layer({ hosts: o.zookeeper, timeoutSec: ZOOKEEPER_TIMEOUT_SEC })))
  const exit = await Effect.runPromiseExit(program)
  if (Exit.isSuccess(exit)) return exit.value
  // ZooKeeper failures carry Jubatus's own wording (`cannot connect zk in 10 sec: <hosts>`).
  const e = Cause.squash(exit.cause)
  return fail(e instanceof Error ? e.message : String(e))
}
