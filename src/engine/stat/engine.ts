// The stat engine (jubastat): config decoding, driver construction and its method table, registered
// in src/engine/registry.ts.
import type { EngineDefinition } from "../Engine.ts"
import { statMethods } from "./api.ts"
import { decodeStatConfig, type StatConfig } from "./StatConfig.ts"
import { StatDriver } from "./StatDriver.ts"

export const statEngine: EngineDefinition<StatConfig, StatDriver> = {
  type: "stat",
  decodeConfig: decodeStatConfig,
  create: (config) => new StatDriver(config),
  methods: statMethods,
  useCht: true
}
