// The one error of model files and their ids: the message is the one Jubatus (server_base.cpp,
// save_load.cpp) gives, because clients see it verbatim as the RPC error string.
import { Data } from "effect"

export type ModelFileErrorReason =
  /** The id given to save/load is empty or holds a character that cannot go into a file name. */
  | "InvalidId"
  /** The bytes are not a model file this server can read (magic, versions, checksum, MessagePack). */
  | "Corrupt"
  /** The file ends before the sizes in its header say it should. */
  | "Truncated"
  /** A sound file for another engine type, config or driver data version. */
  | "Mismatch"
  /** Another save to the same path is under way in this process. */
  | "Locked"
  /** The file could not be created or written; the previous file, if any, is unchanged. */
  | "WriteFailed"

export class ModelFileError extends Data.TaggedError("ModelFileError")<{
  readonly reason: ModelFileErrorReason
  readonly message: string
}> {}
