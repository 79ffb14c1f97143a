// The regression engine (jubaregression): config decoding, driver construction and its method
// table, registered in src/engine/registry.ts. Linear methods only for now.
import { decodeConverterConfig, type ConverterConfig } from "../../fv/ConverterConfig.ts"
import { makeConverter } from "../../fv/makeConverter.ts"
import type { EngineDefinition } from "../Engine.ts"
import { regressionMethods } from "./api.ts"
import { dumpRegression } from "./dump.ts"
import { decodeRegressionConfig, type RegressionConfig } from "./RegressionConfig.ts"
import { RegressionDriver } from "./RegressionDriver.ts"

export const regressionEngine: EngineDefinition<RegressionConfig<ConverterConfig>, RegressionDriver> = {
  type: "regression",
  decodeConfig: (json) => decodeRegressionConfig(json, decodeConverterConfig),
  create: (config, mode) => new RegressionDriver(config, makeConverter(config.converter), mode),
  methods: regressionMethods,
  useCht: false,
  dump: dumpRegression
}
