// Writing a model file for `save` (Jubatus server_base::save). Jubatus truncates the target in place
// under an flock, so a crash mid-save leaves a broken file; juba writes a temporary file beside the target,
// fsyncs it and renames it over the target, so the target is always either the old file or the new one.
// Jubatus's flock refusal is kept as an in-process lock per path: two saves to one file in one server
// fail fast instead of queueing, and clients get the message they know.
import type { FileHandle } from "node:fs/promises"
import * as fs from "node:fs/promises"
import * as nodePath from "node:path"
import { pid } from "node:process"
import { ModelFileError } from "./ModelFileError.ts"

const savingPaths = new Set<string>()
let tempCounter = 0

/**
 * Replaces the file at `path` by `data` (one buffer, or chunks written in order). On failure the
 * temporary file is removed and the previous file at `path`, if any, is left as it was.
 */
export const writeModelFileAtomically = async (path: string, data: Uint8Array | Iterable<Uint8Array>): Promise<void> => {
  // Taken before the first await, so a second call for the same path in the same tick already sees it.
  const key = nodePath.resolve(path)
  if (savingPaths.has(key))
    throw new ModelFileError({ reason: "Locked", message: "cannot get the lock of file; any RPC is saving to same file?" })
  savingPaths.add(key)
  try {
    await replaceFile(path, data)
  } finally {
    savingPaths.delete(key)
  }
}

const replaceFile = async (path: string, data: Uint8Array | Iterable<Uint8Array>): Promise<void> => {
  const dir = nodePath.dirname(path)
  // Dot-prefixed and with a suffix other than `.jubatus`, so a leftover from a crash is never taken for a model.
  const temp = nodePath.join(dir, `.${nodePath.basename(path)}.${pid}.${++tempCounter}.tmp`)
  let handle: FileHandle | undefined
  try {
    handle = await fs.open(temp, "wx", 0o666)
  } catch (e) {
    throw new ModelFileError({ reason: "WriteFailed", message: `cannot open output file "${path}": ${detail(e)}` })
  }
  try {
    for (const chunk of data instanceof Uint8Array ? [data] : data) await writeAll(handle, chunk)
    await handle.sync()
    const h = handle
    handle = undefined
    await h.close()
    await fs.rename(temp, path)
  } catch (e) {
    if (handle !== undefined) await handle.close().catch(() => undefined)
    await fs.rm(temp, { force: true }).catch(() => undefined)
    throw new ModelFileError({ reason: "WriteFailed", message: `cannot write output file "${path}": ${detail(e)}` })
  }
  await syncDirectory(dir)
}

const writeAll = async (handle: FileHandle, chunk: Uint8Array): Promise<void> => {
  let offset = 0
  while (offset < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset)
    offset += bytesWritten
  }
}

/**
 * Makes the rename itself durable. Best effort: the new file is already in place, so a failure here
 * (directories cannot be opened on Windows) must not report the save as failed.
 */
const syncDirectory = async (dir: string): Promise<void> => {
  let handle: FileHandle | undefined
  try {
    handle = await fs.open(dir, "r")
    await handle.sync()
  } catch {
    // see above
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

const detail = (e: unknown): string => (e instanceof Error ? e.message : String(e))
