// Where save/load put a model (Jubatus server_base.cpp: build_local_path, validate_model_id).
import { ModelFileError } from "./ModelFileError.ts"

/**
 * `<datadir>/<ip>_<port>_<type>_<id>.jubatus`, joined as plain text like Jubatus does, so the path a
 * client gets back from `save` reads exactly as Jubatus's would.
 */
export const modelFilePath = (datadir: string, ip: string, port: number, type: string, id: string): string =>
  `${datadir}/${ip}_${port}_${type}_${id}.jubatus`

/** Accepts printable ASCII (0x20–0x7E) except `/`, which keeps the id inside datadir. */
export const validateModelId = (id: string): void => {
  if (id === "") throw new ModelFileError({ reason: "InvalidId", message: "empty id is not allowed" })
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i)
    if (c < 0x20 || c > 0x7e || c === 0x2f)
      throw new ModelFileError({ reason: "InvalidId", message: "model ID contains invalid character" })
  }
}
