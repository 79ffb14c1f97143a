// Options that servers and proxies declare alike in Jubatus's server_util.cpp (only defaults differ).
import type { OptionSpec } from "./OptionSpec.ts"

export const rpcPortSpec: OptionSpec = { long: "rpc-port", short: "p", kind: "int", description: "port number", default: 9199, min: 1, max: 65535 }
export const listenAddrSpec: OptionSpec = { long: "listen_addr", short: "b", kind: "string", description: "bind IP address", default: "" }
export const listenIfSpec: OptionSpec = { long: "listen_if", short: "B", kind: "string", description: "bind network interfance", default: "" }
export const threadSpec = (threads: number): OptionSpec => ({ long: "thread", short: "c", kind: "int", description: "concurrency = thread number", default: threads, min: 1 })
export const timeoutSpec: OptionSpec = { long: "timeout", short: "t", kind: "int", description: "time out (sec)", default: 10, min: 0 }
export const logdirSpec: OptionSpec = {
  long: "logdir",
  short: "l",
  kind: "string",
  description: "directory to output ZooKeeper logs (instead of stderr)",
  default: ""
}
export const logConfigSpec: OptionSpec = { long: "log_config", short: "g", kind: "string", description: "log4cxx XML configuration file", default: "" }
