// Every engine juba serves, by type name. Adding an engine is one folder and one line here.
import { classifierEngine } from "./classifier/engine.ts"
import { regressionEngine } from "./regression/engine.ts"
import type { EngineDefinition } from "./Engine.ts"
import { statEngine } from "./stat/engine.ts"

export const engines: Readonly<Record<string, EngineDefinition>> = {
  classifier: classifierEngine as unknown as EngineDefinition,
  stat: statEngine as unknown as EngineDefinition,
  regression: regressionEngine as unknown as EngineDefinition
}

/** The engine types of Jubatus 1.1.1: each has a `juba<type>` and `juba<type>_proxy` program name. */
export const jubatusEngineTypes: ReadonlyArray<string> = [
  "classifier",
  "regression",
  "recommender",
  "nearest_neighbor",
  "anomaly",
  "clustering",
  "stat",
  "graph",
  "bandit",
  "burst",
  "weight"
]

export const engineOf = (type: string): EngineDefinition | undefined => engines[type]

export const unsupportedEngineMessage = (type: string): string =>
  jubatusEngineTypes.includes(type)
    ? `cannot start engine "${type}": not yet supported by juba (supported: ${Object.keys(engines).join(", ")})`
    : `unknown engine type "${type}": expected one of ${jubatusEngineTypes.join(", ")}`
