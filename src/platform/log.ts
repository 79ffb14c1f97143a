// Process logs in Jubatus's shape (`2026-11-24 15:30:00,123 4242 INFO message`) or, with
// --log_format json, one JSON object per line. Logs go to stderr so stdout stays for command output.
export type LogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL"

let format: "text" | "json" = "text"
let sink: (line: string) => void = (line) => process.stderr.write(line)
let debugEnabled = process.env.JUBA_DEBUG === "1"

import { messageOf } from "./errorMessage.ts"
import * as fs from "node:fs"

let logFile: { path: string; fd: number } | undefined

/** Sends logs to a file (--logdir); `reopenLogFile` starts a new file after rotation (SIGHUP). */
export const logToFile = (path: string): void => {
  const fd = fs.openSync(path, "a")
  if (logFile !== undefined) fs.closeSync(logFile.fd)
  logFile = { path, fd }
  sink = (line) => {
    if (logFile !== undefined) fs.writeSync(logFile.fd, line)
  }
}

export const reopenLogFile = (): void => {
  if (logFile !== undefined) logToFile(logFile.path)
}

export const configureLog = (options: { readonly format?: "text" | "json"; readonly sink?: (line: string) => void; readonly debug?: boolean }): void => {
  if (options.format !== undefined) format = options.format
  if (options.sink !== undefined) sink = options.sink
  if (options.debug !== undefined) debugEnabled = options.debug
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0")

const timestamp = (d: Date): string =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${pad(d.getMilliseconds(), 3)}`

const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
  if (level === "DEBUG" && !debugEnabled) return
  const now = new Date()
  if (format === "json") sink(`${JSON.stringify({ time: now.toISOString(), pid: process.pid, level, message, ...fields })}\n`)
  else {
    const extra = fields === undefined ? "" : ` ${Object.entries(fields).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(" ")}`
    sink(`${timestamp(now)} ${process.pid} ${level.padEnd(5)} ${message}${extra}\n`)
  }
}

/** What the dispatchers report when a handler threw: the method and why. */
export const logCallFailure = (method: string, e: unknown): void => write("WARN", `${method} failed: ${messageOf(e)}`)

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("DEBUG", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("INFO", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("WARN", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("ERROR", message, fields),
  fatal: (message: string, fields?: Record<string, unknown>) => write("FATAL", message, fields)
}

/**
 * With --logdir, logs go to `<logdir>/<progname>.<ip>_<port>.log` (Jubatus put its ZooKeeper client log
 * there); returns Jubatus's message when the directory is not writable.
 */
export const useLogDir = (logdir: string, progname: string, ip: string, port: number): string | undefined => {
  if (logdir === "") return undefined
  try {
    fs.accessSync(logdir, fs.constants.W_OK)
    logToFile(`${logdir}/${progname}.${ip}_${port}.log`)
    return undefined
  } catch (e) {
    return `can't write to the ZooKeeper log directory: ${(e as NodeJS.ErrnoException).code ?? String(e)}`
  }
}
