// Options of a proxy (`jubaclassifier_proxy`, `juba proxy --type classifier`) and Jubatus's checks
// before starting one: jubatus/server/framework/server_util.cpp (`proxy_argv`). A proxy has no
// `--name`: it serves every cluster of its type. Whether logdir is writable is the caller's check.
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

export interface ProxyOptions extends RuntimeOptions {
  readonly type: string
  readonly rpcPort: number
  readonly listenAddr: string
  readonly listenIf: string
  readonly thread: number
  /** Idle client session timeout (s); 0 = none. */
  readonly timeout: number
  readonly zookeeperTimeout: number
  /** Deadline of a call forwarded to a server (s). */
  readonly interconnectTimeout: number
  readonly daemon: boolean
  readonly zookeeper: string
  /** Seconds an idle pooled server session lives. */
  readonly poolExpire: number
  /** Most pooled sessions; 0 = unlimited. */
  readonly poolSize: number
  readonly logdir: string
  readonly logConfig: string
}

const jubatusProxySpecs: ReadonlyArray<OptionSpec> = [
  rpcPortSpec,
  listenAddrSpec,
  listenIfSpec,
  threadSpec(4),
  timeoutSpec,
  { long: "zookeeper_timeout", short: "Z", kind: "int", description: "zookeeper time out (sec)", default: 10 },
  {
    long: "interconnect_timeout",
    short: "I",
    kind: "int",
    description: "interconnect time out between servers (sec)",
    default: 10,
  },
  { long: "daemon", short: "D", kind: "flag", description: "launch in daemon mode" },
  { long: "zookeeper", short: "z", kind: "string", description: "zookeeper location", default: "localhost:2181" },
  {
    long: "pool_expire",
    short: "E",
    kind: "int",
    description: "session-pool expire time (sec)",
    default: 60,
    min: 0,
  },
  { long: "pool_size", short: "S", kind: "int", description: "session-pool maximum size", default: 0, min: 0 },
  logdirSpec,
  logConfigSpec,
]

export const proxyOptionSpecs = (invocation: Invocation): ReadonlyArray<OptionSpec> => [
  ...typeOptionSpecs(invocation),
  ...jubatusProxySpecs,
  ...runtimeOptionSpecs,
  versionOption,
]

export const parseProxyOptions = (
  argv: ReadonlyArray<string>,
  invocation: Invocation,
): ParseOutcome<ProxyOptions> =>
  mapOptions(parseOptions(proxyOptionSpecs(invocation), argv, invocation.progname), (values) => {
    const options: ProxyOptions = {
      type: typeOf(invocation, values),
      rpcPort: numberOf(values, "rpc-port"),
      listenAddr: stringOf(values, "listen_addr"),
      listenIf: stringOf(values, "listen_if"),
      thread: numberOf(values, "thread"),
      timeout: numberOf(values, "timeout"),
      zookeeperTimeout: numberOf(values, "zookeeper_timeout"),
      interconnectTimeout: numberOf(values, "interconnect_timeout"),
      daemon: flagOf(values, "daemon"),
      zookeeper: stringOf(values, "zookeeper"),
      poolExpire: numberOf(values, "pool_expire"),
      poolSize: numberOf(values, "pool_size"),
      logdir: stringOf(values, "logdir"),
      logConfig: stringOf(values, "log_config"),
      ...readRuntimeOptions(values),
    }
    const usage = () => usageOf(proxyOptionSpecs(invocation), invocation.progname)
    // Unlike a server, a proxy always works distributed, so these hold whatever `-z` says.
    if (options.zookeeperTimeout < 1) return invalid("can't start with zookeeper_timeout less than 1", usage())
    if (options.interconnectTimeout < 1) {
      return invalid("can't start with interconnect_timeout less than 1", usage())
    }
    return { _tag: "Options", values: options }
  })
