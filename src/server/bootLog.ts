// The boot log lines of a server (Jubatus's "starting <prog> <version> RPC server at <ip>:<port>" block).
import { log } from "../platform/log.ts"
import { userName } from "../platform/processInfo.ts"
import { VERSION } from "../platform/version.ts"

interface BootOptions {
  readonly rpcPort: number
  readonly timeout: number
  readonly thread: number
  readonly datadir: string
  readonly logdir: string
  readonly logConfig: string
  readonly zookeeper?: string
  readonly name?: string
  readonly intervalSec?: number
  readonly intervalCount?: number
  readonly zookeeperTimeout?: number
  readonly interconnectTimeout?: number
}

export const lifecycleLog = {
  started: (progname: string, ip: string, o: BootOptions, mode: string): void => {
    const lines = [
      `starting ${progname} ${VERSION} RPC server at ${ip}:${o.rpcPort}`,
      `    pid                  : ${process.pid}`,
      `    user                 : ${userName()}`,
      `    mode                 : ${mode}`,
      `    timeout              : ${o.timeout}`,
      `    thread               : ${o.thread}`,
      `    datadir              : ${o.datadir}`,
      `    logdir               : ${o.logdir}`,
      `    log config           : ${o.logConfig}`
    ]
    if (o.zookeeper !== undefined) {
      lines.push(
        `    zookeeper            : ${o.zookeeper}`,
        `    name                 : ${o.name ?? ""}`,
        `    interval sec         : ${o.intervalSec ? o.intervalSec : "disabled"}`,
        `    interval count       : ${o.intervalCount ? o.intervalCount : "disabled"}`,
        `    zookeeper timeout    : ${o.zookeeperTimeout}`,
        `    interconnect timeout : ${o.interconnectTimeout}`
      )
    }
    log.info(lines.join("\n"))
  }
}
