// The classifier engine (jubaclassifier): config decoding, driver construction, its method table
// and its jubadump view, registered in src/engine/registry.ts.
import { decodeConverterConfig, type ConverterConfig } from "../../fv/ConverterConfig.ts"
import { makeConverter } from "../../fv/makeConverter.ts"
import type { EngineDefinition } from "../Engine.ts"
import { classifierMethods } from "./api.ts"
import { decodeClassifierConfig, type ClassifierConfig } from "./ClassifierConfig.ts"
import { ClassifierDriver } from "./ClassifierDriver.ts"
import { dumpClassifier } from "./dump.ts"
import { isLegacyModel } from "./modelCodec.ts"

export const classifierEngine: EngineDefinition<ClassifierConfig<ConverterConfig>, ClassifierDriver> = {
  type: "classifier",
  decodeConfig: (json) => decodeClassifierConfig(json, decodeConverterConfig),
  create: (config, mode) => new ClassifierDriver(config, makeConverter(config.converter), mode),
  methods: classifierMethods,
  useCht: false,
  isLegacyPayload: isLegacyModel,
  dump: dumpClassifier
}
