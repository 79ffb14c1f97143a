// An engine type (classifier, regression, …): how to read its config, build its driver and serve it.
// Adding an engine means one folder under src/engine/ and one line in src/engine/registry.ts.
import type { Driver } from "./Driver.ts"
import type { MethodTable } from "./MethodTable.ts"

export interface DriverMode {
  /** Distributed servers keep a pending diff beside the master model (`local_storage_mixture`). */
  readonly distributed: boolean
}

export interface EngineDefinition<C = any, D extends Driver = Driver> {
  /** The type string of znode paths and model files: `classifier`. */
  readonly type: string
  /** Decodes a parsed config JSON; throws a ConfigError naming the JSON path. */
  readonly decodeConfig: (json: unknown) => C
  readonly create: (config: C, mode: DriverMode) => D
  readonly methods: MethodTable<D>
  /** Registers CHT vnodes in ZooKeeper (spec §4.4, last paragraph). */
  readonly useCht: boolean
  /**
   * True when a driver payload was written by an earlier juba in its own layout (read, then converted
   * to jubatus_core's on the next save): the server logs that it converted the model.
   */
  readonly isLegacyPayload?: (packed: unknown) => boolean
  /** Turns a driver payload of a model file into jubadump's JSON shape (spec §1.7). */
  readonly dump?: (packed: unknown) => unknown
}
