// Errors a MessagePack-RPC caller sees. One class with a reason, as Jubatus clients distinguish them:
// the remote's error object (1 = unknown method, 2 = argument mismatch, or a message string) versus
// transport failures (the C++ client's `connect failed`, `request timed out`, `connection closed`).
import { Data } from "effect"

export type RpcErrorReason =
  /** The server answered with an error element. */
  | "Remote"
  /** Could not connect: nothing was sent, so the call may safely go elsewhere. */
  | "ConnectFailed"
  /** The deadline passed after the request was written: the callee may have acted on it. */
  | "Timeout"
  /** The connection ended before the answer came. `sent` tells whether the request left this process. */
  | "Closed"
  /** The answer could not be decoded. */
  | "Protocol"

export class RpcError extends Data.TaggedError("RpcError")<{
  readonly reason: RpcErrorReason
  readonly message: string
  /** For "Remote": the error element as received. */
  readonly error?: unknown
  /** For "Remote": the result element (the method name for NO_METHOD). */
  readonly result?: unknown
  /** Whether the request bytes were handed to the socket. */
  readonly sent: boolean
}> {
  get isTransport(): boolean {
    return this.reason !== "Remote"
  }
}

export const remoteErrorMessage = (error: unknown, result: unknown): string =>
  error === 1
    ? `unknown method: ${String(result)}`
    : error === 2
      ? `type mismatch: ${String(result)}`
      : typeof error === "string"
        ? error
        : error instanceof Uint8Array
          ? new TextDecoder().decode(error)
          : JSON.stringify(error)
