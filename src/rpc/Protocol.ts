// MessagePack-RPC message shapes (jubatus-msgpack-rpc protocol.h) and Jubatus's error conventions
// (jubatus common/mprpc/rpc_server.cpp): unknown method → error 1 with the method name as result,
// argument mismatch → error 2, any other failure → the error message as a string with a nil result.

export const REQUEST = 0
export const RESPONSE = 1
export const NOTIFY = 2

export const NO_METHOD_ERROR = 1
export const ARGUMENT_ERROR = 2

/** What msgpack-c reports when a parameter does not convert; Jubatus clients see exactly this text. */
export const BAD_CAST = "std::bad_cast"

/** Where the params array of a request lies in its frame, so a proxy can forward it without re-encoding. */
export interface RequestFrame {
  readonly bytes: Uint8Array
  readonly paramsStart: number
  readonly paramsEnd: number
}

/** What a handler answers; the server encodes it as a response. */
export type Outcome =
  | { readonly _tag: "Result"; readonly value: unknown; readonly write?: ((w: import("./MsgpackWriter.ts").MsgpackWriter, v: any) => void) | undefined }
  /** A result already MessagePack-encoded (a proxy passing a member's answer through). */
  | { readonly _tag: "EncodedResult"; readonly bytes: Uint8Array }
  | { readonly _tag: "NoMethod"; readonly method: string }
  | { readonly _tag: "ArgumentError"; readonly message: string }
  /** Jubatus's string errors: `[1, id, "<message>", nil]`. */
  | { readonly _tag: "Failure"; readonly message: string }
  /** An error object passed through as-is (a proxy relaying a member's non-string error). */
  | { readonly _tag: "RawError"; readonly error: unknown; readonly result: unknown }

export const Outcome = {
  result: (value: unknown, write?: (w: import("./MsgpackWriter.ts").MsgpackWriter, v: any) => void): Outcome => ({ _tag: "Result", value, write }),
  encoded: (bytes: Uint8Array): Outcome => ({ _tag: "EncodedResult", bytes }),
  noMethod: (method: string): Outcome => ({ _tag: "NoMethod", method }),
  argumentError: (message = BAD_CAST): Outcome => ({ _tag: "ArgumentError", message }),
  failure: (message: string): Outcome => ({ _tag: "Failure", message })
} as const

/** Answers requests; returns synchronously when it can, so pipelined answers share one socket write. */
export interface RpcDispatcher {
  readonly dispatch: (method: string, params: ReadonlyArray<unknown>, frame: RequestFrame) => Outcome | Promise<Outcome>
  /**
   * When present, requests come here with their params undecoded (a proxy checks and forwards the
   * bytes); notifications and unusual envelopes still go to `dispatch`.
   */
  readonly dispatchFrame?: (method: string, frame: RequestFrame) => Outcome | Promise<Outcome>
}
