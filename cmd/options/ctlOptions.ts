// Options of the cluster controller (`jubactl`, `juba ctl`): jubatus/server/cmd/jubactl.cpp. The
// `[start]` options are handed to the servers jubavisor launches. Refusing an unknown `--cmd` is
// juba's: Jubatus silently does nothing and exits 0.
import {
  flagOf,
  invalid,
  mapOptions,
  numberOf,
  parseOptions,
  stringOf,
  usageOf,
  versionOption,
  type OptionSpec,
  type ParseOutcome,
} from "./OptionSpec.ts"
import { mixerNames, type MixerName } from "./serverOptions.ts"
import { missingZookeeperMessage, zookeeperLocation, type Environment } from "./zookeeperLocation.ts"

export type CtlCommand = "start" | "stop" | "save" | "load" | "status"

export const ctlCommands: ReadonlyArray<CtlCommand> = ["start", "stop", "save", "load", "status"]

export interface CtlOptions {
  readonly cmd: CtlCommand
  /** Executable jubavisor starts: `jubaclassifier`. */
  readonly server: string
  readonly name: string
  readonly type: string
  /** Servers in the whole cluster; 0 = one per jubavisor. */
  readonly num: number
  /** From `-z`, else from `ZK`. */
  readonly zookeeper: string
  /** Model id for save/load; the cluster name unless `-i` says otherwise. */
  readonly id: string
  readonly listenIf: string
  readonly thread: number
  readonly timeout: number
  readonly datadir: string
  readonly logdir: string
  readonly logConfig: string
  readonly mixer: MixerName
  readonly intervalSec: number
  readonly intervalCount: number
  readonly zookeeperTimeout: number
  readonly interconnectTimeout: number
  /** Obsolete, accepted and ignored. */
  readonly debug: boolean
}

export const ctlOptionSpecs: ReadonlyArray<OptionSpec> = [
  {
    long: "cmd",
    short: "c",
    kind: "string",
    description: "command to send servers (start|stop|save|load|status)",
    required: true,
  },
  {
    long: "server",
    short: "s",
    kind: "string",
    description: "server exec file of learning machine (jubaclassifier, ...)",
    required: true,
  },
  { long: "name", short: "n", kind: "string", description: "learning machine name", required: true },
  { long: "type", short: "t", kind: "string", description: "learning machine type (classifier, ...)", required: true },
  {
    long: "num",
    short: "N",
    kind: "uint",
    description: "num of process in the whole cluster (one on each server when 0)",
  },
  {
    long: "zookeeper",
    short: "z",
    kind: "string",
    description: "ZooKeeper location; environment variable 'ZK' is used when available",
  },
  { long: "id", short: "i", kind: "string", description: "[save|load] id of file name ('name' is used by default)" },
  { long: "listen_if", short: "B", kind: "string", description: "[start] bind network interfance", default: "" },
  { long: "thread", short: "C", kind: "int", description: "[start] concurrency = thread number", default: 2 },
  { long: "timeout", short: "T", kind: "int", description: "[start] time out (sec)", default: 10 },
  {
    long: "datadir",
    short: "D",
    kind: "string",
    description: "[start] directory to load and save models",
    default: "/tmp",
  },
  {
    long: "logdir",
    short: "L",
    kind: "string",
    description: "[start] directory to output logs (instead of stderr)",
    default: "",
  },
  {
    long: "log_config",
    short: "G",
    kind: "string",
    description: "[start] log4cxx XML configuration file",
    default: "",
  },
  {
    long: "mixer",
    short: "X",
    kind: "string",
    description: "[start] mixer strategy",
    default: "linear_mixer",
    oneOf: mixerNames,
  },
  { long: "interval_sec", short: "S", kind: "int", description: "[start] mix interval by seconds", default: 16 },
  {
    long: "interval_count",
    short: "I",
    kind: "int",
    description: "[start] mix interval by update count",
    default: 512,
  },
  { long: "zookeeper_timeout", short: "Z", kind: "int", description: "[start] zookeeper time out (sec)", default: 10 },
  {
    long: "interconnect_timeout",
    short: "R",
    kind: "int",
    description: "[start] interconnect time out between servers (sec)",
    default: 10,
  },
  { long: "debug", short: "d", kind: "flag", description: "debug mode (obsolete)" },
  versionOption,
]

/** `env` supplies `ZK` when `-z` is absent. */
export const parseCtlOptions = (
  argv: ReadonlyArray<string>,
  progname: string,
  env: Environment,
): ParseOutcome<CtlOptions> =>
  mapOptions(parseOptions(ctlOptionSpecs, argv, progname), (values) => {
    const usage = () => usageOf(ctlOptionSpecs, progname)
    const zookeeper = zookeeperLocation(stringOf(values, "zookeeper"), env)
    if (zookeeper === undefined) return invalid(missingZookeeperMessage, usage())
    const cmd = stringOf(values, "cmd")
    if (!(ctlCommands as ReadonlyArray<string>).includes(cmd)) return invalid(`unknown cmd: ${cmd}`, usage())
    const name = stringOf(values, "name")
    const id = stringOf(values, "id")
    return {
      _tag: "Options",
      values: {
        cmd: cmd as CtlCommand,
        server: stringOf(values, "server"),
        name,
        type: stringOf(values, "type"),
        num: numberOf(values, "num"),
        zookeeper,
        id: id === "" ? name : id,
        listenIf: stringOf(values, "listen_if"),
        thread: numberOf(values, "thread"),
        timeout: numberOf(values, "timeout"),
        datadir: stringOf(values, "datadir"),
        logdir: stringOf(values, "logdir"),
        logConfig: stringOf(values, "log_config"),
        mixer: stringOf(values, "mixer") as MixerName,
        intervalSec: numberOf(values, "interval_sec"),
        intervalCount: numberOf(values, "interval_count"),
        zookeeperTimeout: numberOf(values, "zookeeper_timeout"),
        interconnectTimeout: numberOf(values, "interconnect_timeout"),
        debug: flagOf(values, "debug"),
      },
    }
  })
