// Options of an engine server (`jubaclassifier`, `juba server --type classifier`) and the checks
// Jubatus makes before starting one: jubatus/server/framework/server_util.cpp (`server_argv`).
// Whether datadir and logdir are writable, and real paths, are the caller's: they touch the disk.
import { listenAddrSpec, listenIfSpec, logConfigSpec, logdirSpec, rpcPortSpec, threadSpec, timeoutSpec } from "./sharedSpecs.ts"
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
import {
  readRuntimeOptions,
  runtimeOptionSpecs,
  typeOf,
  typeOptionSpecs,
  type Invocation,
  type RuntimeOptions,
} from "./runtimeOptions.ts"

export type MixerName = "linear_mixer" | "random_mixer" | "broadcast_mixer" | "skip_mixer"

export const mixerNames: ReadonlyArray<MixerName> = ["linear_mixer", "random_mixer", "broadcast_mixer", "skip_mixer"]

export interface ServerOptions extends RuntimeOptions {
  readonly type: string
  readonly rpcPort: number
  /** Bind IP, also the advertised one; `""` = 0.0.0.0, advertising the first non-loopback IPv4. */
  readonly listenAddr: string
  /** NIC whose IPv4 is bound and advertised when `listenAddr` is empty. */
  readonly listenIf: string
  readonly thread: number
  /** Idle client session timeout (s); 0 = none. */
  readonly timeout: number
  readonly datadir: string
  /** Directory of the ZooKeeper client log; `""` = stderr. */
  readonly logdir: string
  readonly logConfig: string
  readonly configpath: string
  readonly modelFile: string
  readonly daemon: boolean
  readonly configTest: boolean
  /** `host:port[,host:port…]`; absent = standalone. */
  readonly zookeeper?: string
  /** Cluster name; always present with `zookeeper`. */
  readonly name?: string
  readonly mixer: MixerName
  /** 0 disables the time trigger of MIX. */
  readonly intervalSec: number
  /** 0 disables the update-count trigger of MIX. */
  readonly intervalCount: number
  readonly zookeeperTimeout: number
  readonly interconnectTimeout: number
}

const jubatusServerSpecs: ReadonlyArray<OptionSpec> = [
  rpcPortSpec,
  listenAddrSpec,
  listenIfSpec,
  threadSpec(2),
  timeoutSpec,
  { long: "datadir", short: "d", kind: "string", description: "directory to save and load models", default: "/tmp" },
  logdirSpec,
  logConfigSpec,
  {
    long: "configpath",
    short: "f",
    kind: "string",
    description: "config option need to specify json file when standalone mode (without ZK mode)",
    default: "",
  },
  { long: "model_file", short: "m", kind: "string", description: "model data to load at startup", default: "" },
  { long: "daemon", short: "D", kind: "flag", description: "launch in daemon mode" },
  { long: "config_test", short: "T", kind: "flag", description: "run a configuration file syntax test and exit" },
  { long: "zookeeper", short: "z", kind: "string", description: "zookeeper location" },
  { long: "name", short: "n", kind: "string", description: "learning machine instance name" },
  {
    long: "mixer",
    short: "x",
    kind: "string",
    description: "mixer strategy",
    default: "linear_mixer",
    oneOf: mixerNames,
  },
  { long: "interval_sec", short: "s", kind: "int", description: "mix interval by seconds", default: 16, min: 0 },
  {
    long: "interval_count",
    short: "i",
    kind: "int",
    description: "mix interval by update count",
    default: 512,
    min: 0,
  },
  { long: "zookeeper_timeout", short: "Z", kind: "int", description: "zookeeper time out (sec)", default: 10 },
  {
    long: "interconnect_timeout",
    short: "I",
    kind: "int",
    description: "interconnect time out between servers (sec)",
    default: 10,
  },
]

/** The table in usage order: `--type` (verb form only), Jubatus's options, juba's, `--version`. */
export const serverOptionSpecs = (invocation: Invocation): ReadonlyArray<OptionSpec> => [
  ...typeOptionSpecs(invocation),
  ...jubatusServerSpecs,
  ...runtimeOptionSpecs,
  versionOption,
]

export const parseServerOptions = (
  argv: ReadonlyArray<string>,
  invocation: Invocation,
): ParseOutcome<ServerOptions> =>
  mapOptions(parseOptions(serverOptionSpecs(invocation), argv, invocation.progname), (values) => {
    const zookeeper = stringOf(values, "zookeeper")
    const name = stringOf(values, "name")
    const options: ServerOptions = {
      type: typeOf(invocation, values),
      rpcPort: numberOf(values, "rpc-port"),
      listenAddr: stringOf(values, "listen_addr"),
      listenIf: stringOf(values, "listen_if"),
      thread: numberOf(values, "thread"),
      timeout: numberOf(values, "timeout"),
      datadir: stringOf(values, "datadir"),
      logdir: stringOf(values, "logdir"),
      logConfig: stringOf(values, "log_config"),
      configpath: stringOf(values, "configpath"),
      modelFile: stringOf(values, "model_file"),
      daemon: flagOf(values, "daemon"),
      configTest: flagOf(values, "config_test"),
      ...(zookeeper === "" ? {} : { zookeeper }),
      ...(name === "" ? {} : { name }),
      mixer: stringOf(values, "mixer") as MixerName,
      intervalSec: numberOf(values, "interval_sec"),
      intervalCount: numberOf(values, "interval_count"),
      zookeeperTimeout: numberOf(values, "zookeeper_timeout"),
      interconnectTimeout: numberOf(values, "interconnect_timeout"),
      ...readRuntimeOptions(values),
    }
    const problem = serverProblem(options)
    if (problem === undefined) return { _tag: "Options", values: options }
    return invalid(problem, usageOf(serverOptionSpecs(invocation), invocation.progname))
  })

/** Jubatus's checks after parsing, in its order; `-z ""` counts as standalone, as there. */
const serverProblem = (options: ServerOptions): string | undefined => {
  const standalone = options.zookeeper === undefined
  if (!standalone && options.name === undefined) return "can't start multinode mode without name specified"
  if (standalone && options.configpath === "" && options.modelFile === "") {
    return "config path or model file must be specified for standalone mode"
  }
  if (!standalone && options.zookeeperTimeout < 1) return "can't start with zookeeper_timeout less than 1"
  if (!standalone && options.interconnectTimeout < 1) return "can't start with interconnect_timeout less than 1"
  return undefined
}
