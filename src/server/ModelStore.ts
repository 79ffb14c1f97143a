// save and load of the common API (Jubatus server_base::save/load): where a model file goes, what is
// checked before a loaded model replaces the running one.
import * as fs from "node:fs/promises"
import { epochSeconds } from "../platform/processInfo.ts"
import { configsEqual, decodeModelFile, encodeModelFile, writeModelFileAtomically, type DecodedModelFile } from "./ModelFile.ts"
import { modelFilePath, validateModelId } from "./modelPath.ts"

interface Location {
  readonly datadir: string
  readonly ip: string
  readonly port: number
  readonly type: string
  readonly id: string
}

export const saveModel = async (o: Location & { readonly configText: string; readonly payload: unknown }): Promise<string> => {
  validateModelId(o.id)
  const path = modelFilePath(o.datadir, o.ip, o.port, o.type, o.id)
  const bytes = encodeModelFile({
    type: o.type,
    id: o.id,
    config: o.configText,
    driverPayload: o.payload,
    timestamp: epochSeconds()
  })
  await writeModelFileAtomically(path, bytes)
  return path
}

/**
 * Reads and checks a model file; throws with Jubatus's messages. A client's `load` gets Jubatus's bare
 * "cannot open input file"; `--model_file` at start-up (`withPath`) says which file and why.
 */
export const readModelFile = async (path: string, type: string, withPath = true): Promise<DecodedModelFile> => {
  let bytes: Uint8Array
  try {
    bytes = await fs.readFile(path)
  } catch (e) {
    throw new Error(withPath ? `cannot open input file: ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` : "cannot open input file")
  }
  const file = decodeModelFile(bytes)
  if (file.type !== type) throw new Error(`server type mismatched: ${file.type}, expected ${type}`)
  return file
}

export const loadModel = async (
  o: Location & { readonly expectedConfigText: string }
): Promise<{ readonly path: string; readonly file: DecodedModelFile }> => {
  validateModelId(o.id)
  const path = modelFilePath(o.datadir, o.ip, o.port, o.type, o.id)
  const file = await readModelFile(path, o.type, false)
  if (!configsEqual(file.config, o.expectedConfigText))
    throw new Error(`server config mismatched: ${file.config}, expected ${o.expectedConfigText}`)
  return { path, file }
}
