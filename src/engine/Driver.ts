// What every engine driver offers the generic server, mixer and model files (jubatus_core
// core/driver/driver.hpp). A driver is pure model state: it never touches sockets or ZooKeeper.

/** A model part mixed by averaging diffs (jubatus_core framework/linear_function_mixer). */
export interface LinearMixable {
  /** The changes since the last put_diff, as a MessagePack-encodable value. */
  readonly getDiff: () => unknown
  /** Folds two diffs (each possibly already a fold) into one; inputs come decoded from the wire. */
  readonly mix: (lhs: unknown, rhs: unknown) => unknown
  /** Applies a folded diff; false when the model's version moved on and it must re-sync. */
  readonly putDiff: (diff: unknown) => boolean
}

export interface Driver {
  /** Forgets everything learned (the `clear` RPC). */
  readonly clear: () => void
  /** The model as MessagePack-encodable data: the driver payload of model files and `get_model`. */
  readonly pack: () => unknown
  /** Replaces the model by a packed one; throws a ModelFormatError and changes nothing if it is malformed. */
  readonly unpack: (packed: unknown) => void
  /** Engine keys of `get_status` (spec §8.1), values as decimal strings. */
  readonly status: () => Record<string, string>
  /** Bytes the model's tables hold, for metrics (optional: an estimate is fine). */
  readonly modelBytes?: () => number
  /** Present when the engine mixes in distributed mode. */
  readonly mixable?: LinearMixable
}

/** A model payload that does not have the expected shape. */
export class ModelFormatError extends Error {
  readonly _tag = "ModelFormatError"
  constructor(readonly detail: string) {
    super(`invalid model data: ${detail}`)
  }
}

/** A configuration problem, located by its JSON path (`.converter.string_rules[0].type`). */
export class ConfigError extends Error {
  readonly _tag = "ConfigError"
  constructor(
    readonly path: string,
    readonly problem: string
  ) {
    super(path === "" ? problem : `${path}: ${problem}`)
  }
}

/** An engine method refused its input (Jubatus's string errors, e.g. `invalid parameter`). */
export class EngineError extends Error {
  readonly _tag = "EngineError"
}
