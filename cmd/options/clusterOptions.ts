// Options of `juba cluster up` (no Jubatus counterpart: it does in one command what a Jubatus tutorial
// does by hand with zkServer.sh, jubaconfig, juba<type>_proxy and juba<type> ×N). Short letters follow
// jubaconfig/jubactl where they overlap: -t type, -n name, -f config file, -z ZooKeeper, -N count.
import {
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

export interface ClusterOptions {
  readonly type: string
  readonly name: string
  readonly servers: number
  readonly configpath: string
  /** `""`: start a ZooKeeper from an installation. */
  readonly zookeeper: string
  /** 0: any free port. */
  readonly proxyPort: number
  /** First server's port, the others follow it; 0: any free ports. */
  readonly basePort: number
  readonly listenAddr: string
  /** `""`: the servers' default. */
  readonly datadir: string
}

export const clusterUsageFooter = "(Ctrl-C stops the cluster)"

export const clusterOptionSpecs: ReadonlyArray<OptionSpec> = [
  { long: "type", short: "t", kind: "string", description: "learning machine type", required: true },
  { long: "name", short: "n", kind: "string", description: "cluster name", default: "tutorial" },
  {
    long: "servers",
    short: "N",
    kind: "int",
    description: "number of servers",
    default: 3,
    min: 1,
    max: 64,
    aliases: ["num"],
  },
  {
    long: "configpath",
    short: "f",
    kind: "string",
    description: "config file to store in ZooKeeper",
    required: true,
    aliases: ["file"],
  },
  {
    long: "zookeeper",
    short: "z",
    kind: "string",
    description: "ZooKeeper location; absent: start one from an installed ZooKeeper",
    default: "",
  },
  { long: "proxy-port", short: "p", kind: "int", description: "proxy port (0: any free port)", default: 9198, min: 0, max: 65535 },
  {
    long: "base-port",
    short: "P",
    kind: "int",
    description: "first server port, the others follow (0: any free ports)",
    default: 9180,
    min: 0,
    max: 65535,
  },
  { long: "listen_addr", short: "b", kind: "string", description: "bind IP address of the proxy and servers", default: "127.0.0.1" },
  { long: "datadir", short: "d", kind: "string", description: "servers' directory to save and load models", default: "" },
  versionOption,
]

export const parseClusterOptions = (argv: ReadonlyArray<string>, progname: string): ParseOutcome<ClusterOptions> =>
  mapOptions(parseOptions(clusterOptionSpecs, argv, progname, clusterUsageFooter), (values) => {
    const usage = () => usageOf(clusterOptionSpecs, progname, clusterUsageFooter)
    const options: ClusterOptions = {
      type: stringOf(values, "type"),
      name: stringOf(values, "name"),
      servers: numberOf(values, "servers"),
      configpath: stringOf(values, "configpath"),
      zookeeper: stringOf(values, "zookeeper"),
      proxyPort: numberOf(values, "proxy-port"),
      basePort: numberOf(values, "base-port"),
      listenAddr: stringOf(values, "listen_addr"),
      datadir: stringOf(values, "datadir"),
    }
    if (options.name === "") return invalid("can't start a cluster without a name: give --name", usage())
    const last = options.basePort + options.servers - 1
    if (options.basePort !== 0 && last > 65535) {
      return invalid(`can't fit ${options.servers} servers from port ${options.basePort}: the last would be ${last}`, usage())
    }
    if (options.proxyPort !== 0 && options.basePort !== 0 && options.proxyPort >= options.basePort && options.proxyPort <= last) {
      return invalid(
        `can't use proxy port ${options.proxyPort}: the servers take ${options.basePort}-${last}`,
        usage(),
      )
    }
    return { _tag: "Options", values: options }
  })
