// A typed client of a jubavisor, as jubactl uses it: `start` and `stop` with no cluster name.
import { type EngineClient, makeEngineClient } from "../client/EngineClient.ts"
import { visorMethods } from "./visorMethods.ts"

export type VisorClient = EngineClient<typeof visorMethods>

export const VisorClient = (options: { readonly host: string; readonly port: number; readonly timeoutMs?: number }): VisorClient =>
  makeEngineClient(visorMethods, options)
