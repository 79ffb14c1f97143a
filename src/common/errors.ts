// The error classes every layer shares — the converter, the engines, the server and the commands —
// kept below all of them so that nothing imports upwards to reach them (Jubatus common/exception.hpp).

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
