// Pre-encoded MessagePack-RPC requests for the benchmarks: classifier train/classify calls built once,
// before timing, so a client only copies bytes (as the C load generator does). Num values are always
// float64 on the wire, as Jubatus's Python client sends them. Also a file format to hand a share of
// the calls to a client process: u32 count, u32 lengths, then the frames back to back.
import * as fs from "node:fs"
import { MsgpackWriter } from "../../src/rpc/MsgpackWriter.ts"

/** One labelled datum with num values only; `keys` is usually shared by every sample of a data set. */
export interface Sample {
  readonly label: string
  readonly keys: ReadonlyArray<string>
  readonly values: ArrayLike<number>
}

const writeNumDatum = (w: MsgpackWriter, s: Sample): void => {
  w.arrayHeader(3)
  w.arrayHeader(0)
  const n = s.values.length
  w.arrayHeader(n)
  for (let i = 0; i < n; i++) {
    w.arrayHeader(2)
    w.string(s.keys[i])
    w.double(s.values[i])
  }
  w.arrayHeader(0)
}

/** `[0, msgid, method, [name, ...rest]]` with `rest` written by `params`. */
export const encodeRequest = (msgid: number, method: string, name: string | undefined, restCount: number, params: (w: MsgpackWriter) => void): Uint8Array => {
  const w = new MsgpackWriter(1024)
  w.arrayHeader(4)
  w.int(0)
  w.int(msgid)
  w.string(method)
  w.arrayHeader(restCount + (name === undefined ? 0 : 1))
  if (name !== undefined) w.string(name)
  params(w)
  return w.toBytes().slice()
}

/** `[0, msgid, method, [name]]`, e.g. get_status or clear. */
export const simpleRequest = (msgid: number, method: string, name: string): Uint8Array => encodeRequest(msgid, method, name, 0, () => undefined)

const batches = <A>(xs: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size))
  return out
}

/** `train(name, [[label, datum], …])` calls of `batch` samples each, msgids from 1. */
export const trainFrames = (name: string, samples: ReadonlyArray<Sample>, batch: number): Array<Uint8Array> =>
  batches(samples, batch).map((b, i) =>
    encodeRequest(i + 1, "train", name, 1, (w) => {
      w.arrayHeader(b.length)
      for (const s of b) {
        w.arrayHeader(2)
        w.string(s.label)
        writeNumDatum(w, s)
      }
    })
  )

/** `classify(name, [datum, …])` calls of `batch` samples each, msgids from 1. */
export const classifyFrames = (name: string, samples: ReadonlyArray<Sample>, batch: number): Array<Uint8Array> =>
  batches(samples, batch).map((b, i) =>
    encodeRequest(i + 1, "classify", name, 1, (w) => {
      w.arrayHeader(b.length)
      for (const s of b) writeNumDatum(w, s)
    })
  )

/** Call k of every `conns` calls goes to connection k, as the C load generator splits its file. */
export const splitRoundRobin = <A>(xs: ReadonlyArray<A>, conns: number): Array<Array<A>> => {
  const out: Array<Array<A>> = Array.from({ length: conns }, () => [])
  xs.forEach((x, i) => out[i % conns].push(x))
  return out
}

export const writeFrames = (path: string, frames: ReadonlyArray<Uint8Array>): void => {
  const head = new Uint32Array(frames.length + 1)
  head[0] = frames.length
  frames.forEach((f, i) => (head[i + 1] = f.length))
  const fd = fs.openSync(path, "w")
  try {
    fs.writeSync(fd, new Uint8Array(head.buffer))
    for (const f of frames) fs.writeSync(fd, f)
  } finally {
    fs.closeSync(fd)
  }
}

/** Frames of a file written by `writeFrames`, as views into one buffer. */
export const readFrames = (path: string): Array<Uint8Array> => {
  const data = new Uint8Array(fs.readFileSync(path))
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const count = view.getUint32(0, true)
  const frames: Array<Uint8Array> = []
  let pos = 4 * (count + 1)
  for (let i = 0; i < count; i++) {
    const len = view.getUint32(4 * (i + 1), true)
    frames.push(data.subarray(pos, pos + len))
    pos += len
  }
  return frames
}

export const totalBytes = (frames: ReadonlyArray<Uint8Array>): number => frames.reduce((n, f) => n + f.length, 0)
