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
  /**
   * The linear mixables of the driver folded into one: getDiff answers an array with one element per
   * linear mixable, in jubatus_core's registration order (the get_diff/put_diff payload). Every
   * engine has one: linear_mixer mixes versioned tables too.
   */
  readonly mixable?: LinearMixable
  /** Present when the driver has versioned tables a push mixer can exchange (spec §6.2). */
  readonly pushMixable?: PushMixable
}

/**
 * A model part mixed by exchanging rows newer than the peer's version clock (jubatus_core
 * framework/push_mixable, spec §6.2): the versioned row tables of the nearest-neighbor family.
 * Arguments and diffs are MessagePack-encodable values, one element per push mixable of the driver,
 * in the order jubatus_core registers them.
 */
export interface PushMixable {
  /** What this member has: the version clocks of its tables. */
  readonly getPullArgument: () => unknown
  /** The rows this member has that are newer than the peer's clocks in `argument`. */
  readonly pull: (argument: unknown) => unknown
  /** Stores rows a peer pulled for us. */
  readonly push: (diff: unknown) => void
}
