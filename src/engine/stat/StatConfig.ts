// The stat engine's JSON config `{"window_size": N}` (jubatus/server/server/stat_serv.cpp
// stat_serv_config, jubatus_core stat/stat.cpp constructor check).
import { ConfigError } from "../../common/errors.ts"

export interface StatConfig {
  /** How many most recent pushes (all keys together) the statistics cover. */
  readonly windowSize: number
}

export const decodeStatConfig = (json: unknown): StatConfig => {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new ConfigError("", "config must be a JSON object")
  const raw = (json as Record<string, unknown>)["window_size"]
  if (raw === undefined) throw new ConfigError(".window_size", "is required")
  if (typeof raw !== "number" || !Number.isInteger(raw)) throw new ConfigError(".window_size", "must be an integer")
  // jubatus_core refuses with this exact invalid_parameter text.
  if (!(1 <= raw)) throw new ConfigError("", "1 <= window_size")
  return { windowSize: raw }
}
