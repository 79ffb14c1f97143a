// juba's own options for servers and proxies, which Jubatus does not have: the metrics endpoint,
// the log format, RPC limits, and `--type` for the `juba server|proxy` verb form (the legacy
// program names `jubaclassifier`, `jubaclassifier_proxy` imply the type).
import { numberOf, stringOf, type OptionSpec, type OptionValues } from "./OptionSpec.ts"

export type LogFormat = "text" | "json"

export const logFormats: ReadonlyArray<LogFormat> = ["text", "json"]

export const DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024

export interface RuntimeOptions {
  /** Port of the HTTP metrics endpoint; 0 = no endpoint. */
  readonly httpPort: number
  readonly logFormat: LogFormat
  /** Largest MessagePack-RPC message accepted, in bytes. */
  readonly maxMessageSize: number
  readonly maxConnections: number
}

export const runtimeOptionSpecs: ReadonlyArray<OptionSpec> = [
  {
    long: "http-port",
    kind: "int",
    description: "port of the HTTP metrics endpoint, 0 = none",
    default: 0,
    min: 0,
    max: 65535,
  },
  { long: "log_format", kind: "string", description: "log line format: text|json", default: "text", oneOf: logFormats },
  {
    long: "max_message_size",
    kind: "int",
    description: "largest RPC message accepted (bytes, at least 1024)",
    default: DEFAULT_MAX_MESSAGE_SIZE,
    min: 1024,
  },
  { long: "max_connections", kind: "int", description: "most client connections at once", default: 10000, min: 1 },
]

export const readRuntimeOptions = (values: OptionValues): RuntimeOptions => ({
  httpPort: numberOf(values, "http-port"),
  logFormat: stringOf(values, "log_format") as LogFormat,
  maxMessageSize: numberOf(values, "max_message_size"),
  maxConnections: numberOf(values, "max_connections"),
})

/** How a server or proxy was started. */
export interface Invocation {
  /** Shown on the usage line: `jubaclassifier`, or `juba server`. */
  readonly progname: string
  /** The engine type the program name implies; absent in the verb form, where `--type` is required. */
  readonly type?: string
  /** The `--type` values accepted; absent: any. */
  readonly types?: ReadonlyArray<string>
}

export const typeOptionSpecs = (invocation: Invocation): ReadonlyArray<OptionSpec> =>
  invocation.type !== undefined
    ? []
    : [
        {
          long: "type",
          kind: "string",
          description: "engine type (classifier, regression, ...)",
          required: true,
          ...(invocation.types === undefined ? {} : { oneOf: invocation.types }),
        },
      ]

export const typeOf = (invocation: Invocation, values: OptionValues): string =>
  invocation.type ?? stringOf(values, "type")
