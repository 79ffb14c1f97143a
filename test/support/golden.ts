// Replays the transcripts recorded from Jubatus 1.1.1 servers (../shared/golden, its README gives the
// format) against the compiled binary: one standalone server per variant, every call sent as the
// recording sent it, every answer compared — exactly for deterministic calls (doubles to 1e-6
// relative), by shape for the calls the recording marks non-deterministic. A second replay starts a
// server from the variant's `.jubatus` file with --model_file and answers the calls that followed
// `load("golden")`.
import * as fs from "node:fs"
import * as path from "node:path"
import { decodeValue } from "../../src/rpc/MsgpackReader.ts"
import { MsgpackWriter } from "../../src/rpc/MsgpackWriter.ts"
import { freePort, root, startProgram, tempDir, type JubaProcess } from "./juba.ts"
import { RawClient } from "./rawClient.ts"

export const goldenDir = path.resolve(root, "../shared/golden")

export interface GoldenHeader {
  readonly engine: string
  readonly variant: string
  readonly port: number
  readonly datadir: string
  readonly server_id: string
  readonly nondeterministic_calls: ReadonlyArray<number>
  readonly status_keys: ReadonlyArray<string>
  readonly [key: string]: unknown
}

export interface GoldenCall {
  readonly i: number
  readonly method: string
  readonly params?: ReadonlyArray<unknown>
  readonly full_params?: ReadonlyArray<unknown>
  readonly result?: unknown
  readonly error?: unknown
  readonly error_result?: unknown
  readonly deterministic: boolean
  readonly note?: string
}

export interface Transcript {
  readonly header: GoldenHeader
  readonly calls: ReadonlyArray<GoldenCall>
  readonly configPath: string
  readonly modelPath: string
}

/** Turns the transcript's JSON encoding back into values: `$bytes` → bytes, `$float` → NaN/±Infinity. */
export const fromGoldenJson = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(fromGoldenJson)
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>
    if (typeof o.$bytes === "string" && Object.keys(o).length === 1) return Uint8Array.from(Buffer.from(o.$bytes, "hex"))
    if (typeof o.$float === "string" && Object.keys(o).length === 1) return o.$float === "nan" ? NaN : o.$float === "inf" ? Infinity : -Infinity
    const out: Record<string, unknown> = {}
    for (const [k, e] of Object.entries(o)) out[k] = fromGoldenJson(e)
    return out
  }
  return v
}

const utf8 = new TextDecoder("utf-8", { fatal: true })

/** Puts a decoded answer in the transcript's terms: raw bytes that are valid UTF-8 become strings. */
export const normalizeAnswer = (v: unknown): unknown => {
  if (v instanceof Uint8Array) {
    try {
      return utf8.decode(v)
    } catch {
      return v
    }
  }
  if (Array.isArray(v)) return v.map(normalizeAnswer)
  if (v instanceof Map) {
    const out: Record<string, unknown> = {}
    for (const [k, e] of v) out[String(normalizeAnswer(k))] = normalizeAnswer(e)
    return out
  }
  if (typeof v === "bigint") return Number(v)
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {}
    for (const [k, e] of Object.entries(v)) out[k] = normalizeAnswer(e)
    return out
  }
  return v
}

export const variantsOf = (engine: string): Array<string> =>
  fs
    .readdirSync(path.join(goldenDir, engine))
    .filter((f) => f.endsWith(".jsonl") && !f.endsWith(".mix.jsonl"))
    .map((f) => f.slice(0, -".jsonl".length))
    .sort()

export const readTranscript = (engine: string, variant: string): Transcript => {
  const lines = fs.readFileSync(path.join(goldenDir, engine, `${variant}.jsonl`), "utf8").split("\n").filter((l) => l.trim() !== "")
  const header = JSON.parse(lines[0]).header as GoldenHeader
  const calls = lines.slice(1).map((l) => JSON.parse(l) as GoldenCall)
  return {
    header,
    calls,
    configPath: path.join(goldenDir, engine, `${variant}.config.json`),
    modelPath: path.join(goldenDir, engine, `${variant}.jubatus`)
  }
}

// ---- comparing ----

export interface CompareOptions {
  /** Relative tolerance of doubles (default 1e-6). */
  readonly tolerance?: number
  /**
   * Lists compared as multisets at this path (a path is the keys and indexes from the answer's root,
   * `*` for any index or key): hash-table orders of C++, e.g. `["*"]` for each classify answer's labels.
   */
  readonly unordered?: ReadonlyArray<ReadonlyArray<string>>
}

const closeEnough = (a: number, b: number, tolerance: number): boolean => {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b)
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b))
}

const pathMatches = (pattern: ReadonlyArray<string>, at: ReadonlyArray<string>): boolean =>
  pattern.length === at.length && pattern.every((p, i) => p === "*" || p === at[i])

/** Where `actual` differs from `expected`, as a sentence; undefined when they agree. */
export const difference = (expected: unknown, actual: unknown, options: CompareOptions = {}, at: Array<string> = []): string | undefined => {
  const tolerance = options.tolerance ?? 1e-6
  const where = at.length === 0 ? "the answer" : at.join(".")
  if (typeof expected === "number" && typeof actual === "number")
    return closeEnough(expected, actual, tolerance) ? undefined : `${where}: expected ${expected}, got ${actual}`
  if (expected instanceof Uint8Array || actual instanceof Uint8Array) {
    const same = expected instanceof Uint8Array && actual instanceof Uint8Array && Buffer.from(expected).equals(Buffer.from(actual))
    return same ? undefined : `${where}: expected bytes ${show(expected)}, got ${show(actual)}`
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${where}: expected a list ${show(expected)}, got ${show(actual)}`
    if (expected.length !== actual.length) return `${where}: expected ${expected.length} items ${show(expected)}, got ${actual.length} ${show(actual)}`
    if ((options.unordered ?? []).some((p) => pathMatches(p, at))) {
      const left = [...actual]
      for (const e of expected) {
        const k = left.findIndex((a) => difference(e, a, options, [...at, "*"]) === undefined)
        if (k < 0) return `${where}: ${show(e)} missing from ${show(actual)}`
        left.splice(k, 1)
      }
      return undefined
    }
    for (let i = 0; i < expected.length; i++) {
      const d = difference(expected[i], actual[i], options, [...at, String(i)])
      if (d !== undefined) return d
    }
    return undefined
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return `${where}: expected a map ${show(expected)}, got ${show(actual)}`
    const e = expected as Record<string, unknown>
    const a = actual as Record<string, unknown>
    const ek = Object.keys(e).sort()
    const ak = Object.keys(a).sort()
    if (ek.join("\u0000") !== ak.join("\u0000")) return `${where}: expected keys ${ek.join(", ")}, got ${ak.join(", ")}`
    for (const k of ek) {
      const d = difference(e[k], a[k], options, [...at, k])
      if (d !== undefined) return d
    }
    return undefined
  }
  return Object.is(expected, actual) || expected === actual ? undefined : `${where}: expected ${show(expected)}, got ${show(actual)}`
}

/** The same JSON shape (types, list lengths, map keys), values aside: for non-deterministic answers. */
export const shapeDifference = (expected: unknown, actual: unknown, at: Array<string> = []): string | undefined => {
  const where = at.length === 0 ? "the answer" : at.join(".")
  const kind = (v: unknown) => (Array.isArray(v) ? "list" : v === null ? "nil" : v instanceof Uint8Array ? "bytes" : typeof v)
  if (kind(expected) !== kind(actual)) return `${where}: expected a ${kind(expected)}, got ${show(actual)}`
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return `${where}: expected ${expected.length} items, got ${actual.length}`
    for (let i = 0; i < expected.length; i++) {
      const d = shapeDifference(expected[i], actual[i], [...at, String(i)])
      if (d !== undefined) return d
    }
  }
  return undefined
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? `bytes(${Buffer.from(x).toString("hex")})` : typeof x === "bigint" ? String(x) : Number.isNaN(x) ? "NaN" : x))
  return s === undefined ? String(v) : s.length > 400 ? `${s.slice(0, 400)}…` : s
}

// ---- replaying ----

export interface ReplayOptions extends CompareOptions {
  /** Per method, the compare options to use instead of the defaults. */
  readonly perMethod?: Readonly<Record<string, CompareOptions>>
  /**
   * Extra checks of a non-deterministic answer (invariants); return a sentence when it is wrong. The
   * shape is always checked.
   */
  readonly invariant?: (call: GoldenCall, actual: unknown) => string | undefined
  /** get_status keys not compared (a server started from a model file has not counted the recording's updates). */
  readonly ignoredStatusKeys?: ReadonlyArray<string>
  /** Calls to leave out, with the reason (shown when the replay fails elsewhere). */
  readonly skip?: (call: GoldenCall) => string | undefined
}

export interface ReplayReport {
  readonly mismatches: ReadonlyArray<string>
  readonly compared: number
}

/** Status keys whose values depend on the machine, the clock or the implementation's version. */
const volatileStatusKeys = new Set(["VERSION", "PROGNAME"])

const compareStatus = (expected: unknown, actual: unknown, ignored: ReadonlyArray<string>): string | undefined => {
  const e = Object.values(expected as Record<string, Record<string, unknown>>)[0] ?? {}
  const a = Object.values((actual ?? {}) as Record<string, Record<string, unknown>>)[0] ?? {}
  const missing = Object.keys(e).filter((k) => !(k in a))
  if (missing.length > 0) return `get_status misses keys ${missing.join(", ")}`
  for (const [k, v] of Object.entries(e)) {
    if (v === null || volatileStatusKeys.has(k) || ignored.includes(k)) continue
    if (String(a[k]) !== String(v)) return `get_status ${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(a[k])}`
  }
  return undefined
}

const request = (msgid: number, method: string, params: ReadonlyArray<unknown>): Uint8Array => {
  const w = new MsgpackWriter(256)
  w.arrayHeader(4)
  w.int(0)
  w.int(msgid)
  w.string(method)
  w.value(params)
  return w.toBytes()
}

/** Sends one call as the recording did and answers `{result}` or `{error, error_result}`. */
export const sendCall = async (client: RawClient, msgid: number, call: GoldenCall): Promise<{ result?: unknown; error?: unknown; errorResult?: unknown }> => {
  const params = call.full_params !== undefined ? fromGoldenJson(call.full_params) : ["", ...(fromGoldenJson(call.params ?? []) as Array<unknown>)]
  client.send(request(msgid, call.method, params as Array<unknown>))
  const frame = (await client.next(30000)) as Array<unknown>
  const error = normalizeAnswer(frame[2])
  if (error !== null && error !== undefined) return { error, errorResult: normalizeAnswer(frame[3]) }
  return { result: normalizeAnswer(frame[3]) }
}

/** Compares one answer with the recording; a sentence when they differ. */
export const judge = (
  call: GoldenCall,
  answer: { result?: unknown; error?: unknown; errorResult?: unknown },
  datadir: string,
  header: GoldenHeader,
  options: ReplayOptions
): string | undefined => {
  const tag = `call ${call.i} ${call.method}${call.note !== undefined ? ` (${call.note})` : ""}`
  if (call.error !== undefined) {
    if (answer.error === undefined) return `${tag}: expected error ${show(call.error)}, got result ${show(answer.result)}`
    const d = difference(fromGoldenJson(call.error), answer.error)
    if (d !== undefined) return `${tag}: error ${d}`
    if (call.error_result !== undefined) {
      const r = difference(fromGoldenJson(call.error_result), answer.errorResult)
      if (r !== undefined) return `${tag}: error result ${r}`
    }
    return undefined
  }
  if (answer.error !== undefined) return `${tag}: expected ${show(call.result)}, got error ${show(answer.error)}`
  let expected = fromGoldenJson(call.result)
  if (call.method === "get_status") {
    const d = compareStatus(expected, answer.result, options.ignoredStatusKeys ?? [])
    return d === undefined ? undefined : `${tag}: ${d}`
  }
  if (call.method === "save" && expected !== null && typeof expected === "object") {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(expected as Record<string, string>)) out[k] = String(v).replace(header.datadir, datadir)
    expected = out
  }
  if (call.method === "get_config" && typeof expected === "string" && typeof answer.result === "string") {
    return JSON.stringify(JSON.parse(expected)) === JSON.stringify(JSON.parse(answer.result)) ? undefined : `${tag}: config differs`
  }
  if (!call.deterministic) {
    const d = shapeDifference(expected, answer.result) ?? options.invariant?.(call, answer.result)
    return d === undefined ? undefined : `${tag}: ${d}`
  }
  const d = difference(expected, answer.result, { ...options, ...options.perMethod?.[call.method] })
  return d === undefined ? undefined : `${tag}: ${d}`
}

export interface GoldenServer {
  readonly proc: JubaProcess
  readonly client: RawClient
  readonly datadir: string
  readonly close: () => Promise<void>
}

/** Starts `juba<engine>` as the recording did (bind 127.0.0.1, the variant's config, a fresh datadir). */
export const startGoldenServer = async (engine: string, args: ReadonlyArray<string>, datadir = tempDir("juba-golden-")): Promise<GoldenServer> => {
  const port = await freePort()
  const proc = await startProgram(`juba${engine}`, ["-p", String(port), "-b", "127.0.0.1", "-d", datadir, ...args], port)
  const client = await RawClient.connect(port)
  return {
    proc,
    client,
    datadir,
    close: async () => {
      client.close()
      await proc.stop()
      fs.rmSync(datadir, { recursive: true, force: true })
    }
  }
}

const replayCalls = async (server: GoldenServer, transcript: Transcript, calls: ReadonlyArray<GoldenCall>, options: ReplayOptions): Promise<ReplayReport> => {
  const mismatches: Array<string> = []
  let compared = 0
  // The recording's ip and port name the server in results (save paths, status keys).
  const datadir = fs.realpathSync(server.datadir)
  const ourId = `127.0.0.1_${server.proc.port}`
  for (const call of calls) {
    const reason = options.skip?.(call)
    if (reason !== undefined) continue
    const answer = await sendCall(server.client, call.i, call)
    const renamed =
      answer.result !== null && typeof answer.result === "object" && !Array.isArray(answer.result) && ourId in (answer.result as object)
        ? { ...answer, result: { [transcript.header.server_id]: (answer.result as Record<string, unknown>)[ourId] } }
        : answer
    if (renamed.result !== undefined && call.method === "save") {
      const r = renamed.result as Record<string, string>
      for (const k of Object.keys(r)) r[k] = r[k].replace(`${datadir}/127.0.0.1_${server.proc.port}_`, `${datadir}/${transcript.header.server_id}_`)
    }
    const d = judge(call, renamed, datadir, transcript.header, options)
    if (d !== undefined) mismatches.push(d)
    compared++
  }
  return { mismatches, compared }
}

/** Replays a whole transcript on a fresh server started with the variant's config. */
export const replayTranscript = async (engine: string, variant: string, options: ReplayOptions = {}): Promise<ReplayReport> => {
  const transcript = readTranscript(engine, variant)
  const server = await startGoldenServer(engine, ["-c", String(transcript.header.threads ?? 1), "-f", transcript.configPath])
  try {
    return await replayCalls(server, transcript, transcript.calls, options)
  } finally {
    await server.close()
  }
}

/** Where the recording loaded its own save: the calls after it run against a server started from the file. */
export const callsAfterGoldenLoad = (transcript: Transcript): ReadonlyArray<GoldenCall> => {
  const at = transcript.calls.findIndex((c) => c.method === "load" && JSON.stringify(c.params) === '["golden"]' && c.error === undefined)
  return at < 0 ? [] : transcript.calls.slice(at + 1)
}

/**
 * Starts a server from the variant's `.jubatus` (saved by Jubatus 1.1.1) with --model_file and
 * replays the calls that followed `load("golden")` in the recording, up to the next update that the
 * loaded state cannot explain (a later save/load pair is replayed as recorded).
 */
export const replayFromModelFile = async (engine: string, variant: string, options: ReplayOptions = {}): Promise<ReplayReport> => {
  const transcript = readTranscript(engine, variant)
  const calls = callsAfterGoldenLoad(transcript)
  const datadir = tempDir("juba-golden-")
  // load("golden") later in the transcript reads the file from the datadir under this server's id.
  const server = await startGoldenServer(engine, ["-c", String(transcript.header.threads ?? 1), "-m", transcript.modelPath], datadir)
  try {
    fs.copyFileSync(transcript.modelPath, path.join(datadir, `127.0.0.1_${server.proc.port}_${engine}_golden.jubatus`))
    return await replayCalls(server, transcript, calls, { ...options, ignoredStatusKeys: ["update_count", ...(options.ignoredStatusKeys ?? [])] })
  } finally {
    await server.close()
  }
}
