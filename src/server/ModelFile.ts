// The model file container of save/load (Jubatus framework/save_load.cpp): a 48-byte big-endian header
// with a CRC-32, then two MessagePack sections — system data (who wrote the file, with which config) and
// user data (the driver's packed model). Also the checks `load` makes against the running server.
import { decodeValue } from "../rpc/MsgpackReader.ts"
import { encodeValue } from "../rpc/MsgpackWriter.ts"
import { configsEqual } from "./configsEqual.ts"
import { crc32Update } from "./Crc32.ts"
import { ModelFileError } from "./ModelFileError.ts"

// Re-exported so save/load find the whole model-file surface in one module.
export { configsEqual }
export { writeModelFileAtomically } from "./writeModelFileAtomically.ts"

// The one place that picks the MessagePack codec. It must write strings and raw bytes as the str family
// only (never str8 nor bin), which C++ Jubatus's msgpack 0.5 can read.
const encodeMsgpack: (v: unknown) => Uint8Array = encodeValue
const decodeMsgpack: (bytes: Uint8Array) => unknown = decodeValue

export const HEADER_SIZE = 48
const MAGIC = new TextEncoder().encode("jubatus\0")
const FORMAT_VERSION = 1
const SYSTEM_DATA_VERSION = 1
/**
 * The Jubatus version the header claims. Jubatus 1.x loads any file whose major is 1, so claiming the
 * last release (rather than juba's own version) keeps juba's files loadable by C++ Jubatus.
 */
export const FILE_JUBATUS_VERSION: readonly [number, number, number] = [1, 1, 1]

export interface ModelFileInput {
  readonly type: string
  /** The id given to `save`; recorded, never checked on load. */
  readonly id: string
  /** The server's config as the raw JSON text it was started with. */
  readonly config: string
  /** The driver payload's layout version; 1 for every Jubatus engine. */
  readonly userDataVersion?: number
  /** What the driver's `pack` returned. */
  readonly driverPayload: unknown
  /** Seconds since the epoch. */
  readonly timestamp: number
}

export interface DecodedModelFile {
  readonly type: string
  readonly id: string
  readonly config: string
  readonly timestamp: number
  readonly userDataVersion: number
  readonly driverPayload: unknown
}

/** The whole file: header, system data, user data. */
export const encodeModelFile = (input: ModelFileInput): Uint8Array => {
  const system = encodeMsgpack([SYSTEM_DATA_VERSION, input.timestamp, input.type, input.id, input.config])
  const user = encodeMsgpack([input.userDataVersion ?? 1, input.driverPayload])
  const out = new Uint8Array(HEADER_SIZE + system.length + user.length)
  const view = new DataView(out.buffer)
  out.set(MAGIC, 0)
  view.setBigUint64(8, BigInt(FORMAT_VERSION))
  view.setUint32(16, FILE_JUBATUS_VERSION[0])
  view.setUint32(20, FILE_JUBATUS_VERSION[1])
  view.setUint32(24, FILE_JUBATUS_VERSION[2])
  view.setBigUint64(32, BigInt(system.length))
  view.setBigUint64(40, BigInt(user.length))
  out.set(system, HEADER_SIZE)
  out.set(user, HEADER_SIZE + system.length)
  view.setUint32(28, fileChecksum(out, out.length))
  return out
}

/**
 * The CRC-32 of header[0, 28) ‖ header[32, 48) ‖ system data ‖ user data: everything but the checksum
 * field itself. The last three pieces are contiguous, so two updates cover them.
 */
const fileChecksum = (file: Uint8Array, end: number): number =>
  crc32Update(crc32Update(0, file.subarray(0, 28)), file.subarray(32, end))

const corrupt = (message: string): ModelFileError => new ModelFileError({ reason: "Corrupt", message })

/** Parses and checks a whole file, in Jubatus's order; every failure is a ModelFileError. */
export const decodeModelFile = (bytes: Uint8Array): DecodedModelFile => {
  const magicLength = Math.min(MAGIC.length, bytes.length)
  for (let i = 0; i < magicLength; i++) if (bytes[i] !== MAGIC[i]) throw corrupt("invalid file format")
  if (bytes.length < HEADER_SIZE)
    throw new ModelFileError({
      reason: "Truncated",
      message: `cannot read input file: model file is ${bytes.length} bytes, shorter than its ${HEADER_SIZE}-byte header`
    })

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const formatVersion = view.getBigUint64(8)
  if (formatVersion !== BigInt(FORMAT_VERSION))
    throw corrupt(`invalid format version: ${formatVersion}, expected ${FORMAT_VERSION}`)
  const major = view.getUint32(16)
  const minor = view.getUint32(20)
  const release = `${major}.${minor}.${view.getUint32(24)}`
  if (major < 1) throw corrupt(`cannot load model file created before v1.0.0: ${release}`)
  // Drivers changed their payloads between minor versions; juba reads and writes 1.1.x's.
  if (major !== 1 || minor !== 1) throw corrupt(`cannot load model file created by Jubatus ${release}: juba reads the model files of Jubatus 1.1.x`)

  const storedCrc = view.getUint32(28)
  const systemSize = view.getBigUint64(32)
  const userSize = view.getBigUint64(40)
  const declared = BigInt(HEADER_SIZE) + systemSize + userSize
  const actual = BigInt(bytes.length)
  if (actual < declared)
    throw new ModelFileError({
      reason: "Truncated",
      message: `cannot read input file: model file is ${actual} bytes, its header declares ${declared}`
    })
  // Jubatus stops reading after user data; juba refuses the extra bytes, like jubadump, since a file
  // with a tail was not written by save and may be two files run together.
  if (actual > declared)
    throw corrupt(`invalid file format: ${actual - declared} trailing bytes after the ${declared} bytes its header declares`)

  const computedCrc = fileChecksum(bytes, bytes.length)
  // Both in hex: Jubatus's std::hex stays set on the stream for the second number too.
  if (computedCrc !== storedCrc)
    throw corrupt(`invalid crc32 checksum: ${computedCrc.toString(16)}, expected ${storedCrc.toString(16)}`)

  const systemEnd = HEADER_SIZE + Number(systemSize)
  const system = decodeSection(bytes.subarray(HEADER_SIZE, systemEnd), "system data is broken")
  if (
    !Array.isArray(system) ||
    system.length !== 5 ||
    !isUnsigned(system[0]) ||
    !(typeof system[1] === "number" && Number.isInteger(system[1])) ||
    typeof system[2] !== "string" ||
    typeof system[3] !== "string" ||
    typeof system[4] !== "string"
  )
    throw corrupt("system data is broken")
  if (!isOne(system[0]))
    throw corrupt(`invalid system data version: saved version: ${system[0]}, expected ${SYSTEM_DATA_VERSION}`)

  const user = decodeSection(bytes.subarray(systemEnd), "user data is broken")
  if (!Array.isArray(user)) throw corrupt("user data is broken")
  if (user.length !== 2) throw corrupt("invalid user container")
  const userDataVersion = user[0]
  if (typeof userDataVersion !== "number" || !isUnsigned(userDataVersion)) throw corrupt("user data is broken")

  return {
    timestamp: system[1],
    type: system[2],
    id: system[3],
    config: system[4],
    userDataVersion,
    driverPayload: user[1]
  }
}

const decodeSection = (bytes: Uint8Array, whenBroken: string): unknown => {
  try {
    return decodeMsgpack(bytes)
  } catch {
    throw corrupt(whenBroken)
  }
}

const isUnsigned = (v: unknown): boolean =>
  (typeof v === "number" && Number.isInteger(v) && v >= 0) || (typeof v === "bigint" && v >= 0n)

const isOne = (v: unknown): boolean => v === 1 || v === 1n

export interface ModelFileExpectation {
  readonly type: string
  /** The running server's config text. */
  readonly config: string
  readonly userDataVersion?: number
}

/**
 * What `load` requires of a sound file before its model replaces the running one, with Jubatus's
 * messages: the same engine type, a JSON-equal config and the driver data version this build writes.
 */
export const checkModelFileMatches = (file: DecodedModelFile, expected: ModelFileExpectation): void => {
  if (file.type !== expected.type)
    throw new ModelFileError({ reason: "Mismatch", message: `server type mismatched: ${file.type}, expected ${expected.type}` })
  if (!configsEqual(file.config, expected.config))
    throw new ModelFileError({
      reason: "Mismatch",
      message: `server config mismatched: ${file.config}, expected ${expected.config}`
    })
  const version = expected.userDataVersion ?? 1
  if (file.userDataVersion !== version)
    throw new ModelFileError({
      reason: "Mismatch",
      message: `user data version mismatched: ${file.userDataVersion}, expected ${version}`
    })
}
