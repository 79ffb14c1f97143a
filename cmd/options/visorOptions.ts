// Options of the process supervisor (`jubavisor`, `juba visor`): jubatus/server/jubavisor/main.cpp.
// `--timeout` is parsed and kept although Jubatus never uses it; `--version` is juba's addition.
import {
  flagOf,
  mapOptions,
  numberOf,
  parseOptions,
  stringOf,
  versionOption,
  type OptionSpec,
  type ParseOutcome,
} from "./OptionSpec.ts"

export interface VisorOptions {
  readonly rpcPort: number
  readonly zookeeper: string
  /** Where the ZooKeeper client log goes in daemon mode: `<logdir>/jubavisor.zklog`. */
  readonly logdir: string
  readonly logConfig: string
  readonly timeout: number
  readonly daemon: boolean
}

export const visorOptionSpecs: ReadonlyArray<OptionSpec> = [
  { long: "rpc-port", short: "p", kind: "int", description: "port number", default: 9198, min: 1, max: 65535 },
  { long: "zookeeper", short: "z", kind: "string", description: "zookeeper location", required: true },
  {
    long: "logdir",
    short: "l",
    kind: "string",
    description: "log to output all child process' log",
    default: "/tmp",
  },
  { long: "log_config", short: "g", kind: "string", description: "log4cxx XML configuration file", default: "" },
  { long: "timeout", short: "t", kind: "int", description: "rpc timeout", default: 10 },
  { long: "daemon", short: "d", kind: "flag", description: "daemonize the process" },
  versionOption,
]

export const parseVisorOptions = (argv: ReadonlyArray<string>, progname: string): ParseOutcome<VisorOptions> =>
  mapOptions(parseOptions(visorOptionSpecs, argv, progname), (values) => ({
    _tag: "Options",
    values: {
      rpcPort: numberOf(values, "rpc-port"),
      zookeeper: stringOf(values, "zookeeper"),
      logdir: stringOf(values, "logdir"),
      logConfig: stringOf(values, "log_config"),
      timeout: numberOf(values, "timeout"),
      daemon: flagOf(values, "daemon"),
    },
  }))
