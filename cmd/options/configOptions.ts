// Options of the config store tool (`jubaconfig`, `juba config`): jubatus/server/cmd/jubaconfig.cpp.
// Checks run in Jubatus's order: ZooKeeper location, then the command and what it needs.
import {
  flagOf,
  invalid,
  mapOptions,
  parseOptions,
  stringOf,
  usageOf,
  versionOption,
  type OptionSpec,
  type ParseOutcome,
} from "./OptionSpec.ts"
import { missingZookeeperMessage, zookeeperLocation, type Environment } from "./zookeeperLocation.ts"

export type ConfigCommand = "write" | "read" | "delete" | "list"

export interface ConfigOptions {
  readonly cmd: ConfigCommand
  /** Config file to store (`write`). */
  readonly file: string
  /** Engine type; non-empty for write/read/delete. */
  readonly type: string
  /** Cluster name; non-empty for write/read/delete. */
  readonly name: string
  /** From `-z`, else from `ZK`. */
  readonly zookeeper: string
  /** Obsolete, accepted and ignored. */
  readonly debug: boolean
}

export const configOptionSpecs: ReadonlyArray<OptionSpec> = [
  {
    long: "cmd",
    short: "c",
    kind: "string",
    description: "command to operate config (write|read|delete|list)",
    required: true,
  },
  { long: "file", short: "f", kind: "string", description: "[write] config file to set", default: "" },
  { long: "type", short: "t", kind: "string", description: "[write|read|delete] learning machine type", default: "" },
  { long: "name", short: "n", kind: "string", description: "[write|read|delete] learning machine name", default: "" },
  {
    long: "zookeeper",
    short: "z",
    kind: "string",
    description: "ZooKeeper location environment: 'ZK' is available instead",
  },
  { long: "debug", short: "d", kind: "flag", description: "debug mode (obsolete)" },
  versionOption,
]

/** `env` supplies `ZK` when `-z` is absent. */
export const parseConfigOptions = (
  argv: ReadonlyArray<string>,
  progname: string,
  env: Environment,
): ParseOutcome<ConfigOptions> =>
  mapOptions(parseOptions(configOptionSpecs, argv, progname), (values) => {
    const usage = () => usageOf(configOptionSpecs, progname)
    const zookeeper = zookeeperLocation(stringOf(values, "zookeeper"), env)
    if (zookeeper === undefined) return invalid(missingZookeeperMessage, usage())
    const cmd = stringOf(values, "cmd")
    const type = stringOf(values, "type")
    const name = stringOf(values, "name")
    if (cmd === "write" || cmd === "read" || cmd === "delete") {
      if (type === "" || name === "") {
        // Jubatus's spelling ("excute") is kept: scripts may match on it.
        return invalid(`can't excute ${cmd} without type and name specified\ntype: ${type} name: ${name}`, usage())
      }
    } else if (cmd !== "list") {
      return invalid(`unknown cmd: ${cmd}`, usage())
    }
    return {
      _tag: "Options",
      values: {
        cmd,
        file: stringOf(values, "file"),
        type,
        name,
        zookeeper,
        debug: flagOf(values, "debug"),
      },
    }
  })
