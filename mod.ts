// juba's public TypeScript surface, for Bun and Deno programs: typed clients made from each engine's
// method table, datum helpers, and a standalone server to embed in a process.
import { classifierMethods } from "./src/engine/classifier/api.ts"
import { statMethods } from "./src/engine/stat/api.ts"
import { regressionMethods } from "./src/engine/regression/api.ts"
import { commonMethods, getProxyStatus } from "./src/engine/commonMethods.ts"
import { type ClientOptions, type EngineClient, makeEngineClient } from "./src/client/EngineClient.ts"

export type { Datum, StringValues, NumValues, BinaryValues } from "./src/fv/Datum.ts"
export { datumOf, emptyDatum } from "./src/fv/Datum.ts"
export type { ClientOptions, EngineClient } from "./src/client/EngineClient.ts"
export { RpcError } from "./src/rpc/RpcError.ts"
export { startServer, type EmbeddedServer, type EmbeddedServerOptions } from "./src/server/embed.ts"

const classifierTable = [...classifierMethods, ...commonMethods, getProxyStatus] as const

/** A client of jubaclassifier or jubaclassifier_proxy; `name` is the cluster name (standalone: ""). */
export type ClassifierClient = EngineClient<typeof classifierTable>

export const ClassifierClient = (options: ClientOptions = {}): ClassifierClient => makeEngineClient(classifierTable, options)

const statTable = [...statMethods, ...commonMethods, getProxyStatus] as const

/** A client of jubastat or jubastat_proxy; `name` is the cluster name (standalone: ""). */
export type StatClient = EngineClient<typeof statTable>

export const StatClient = (options: ClientOptions = {}): StatClient => makeEngineClient(statTable, options)

const regressionTable = [...regressionMethods, ...commonMethods, getProxyStatus] as const

/** A client of jubaregression or jubaregression_proxy; `name` is the cluster name (standalone: ""). */
export type RegressionClient = EngineClient<typeof regressionTable>

export const RegressionClient = (options: ClientOptions = {}): RegressionClient => makeEngineClient(regressionTable, options)
