// The one generic server (what Jubatus generates per engine as *_serv/*_impl plus server_helper): it owns
// the engine's driver and config, answers the engine's method table and the common methods, counts
// updates, saves and loads model files. JavaScript runs one call at a time, so every synchronous driver
// call is atomic: train batches never interleave and classify never sees half an update.
import { type ClusterAccess, standaloneCluster } from "../engine/ClusterAccess.ts"
import type { Driver } from "../engine/Driver.ts"
import { ModelFormatError } from "../common/errors.ts"
import type { EngineDefinition } from "../engine/Engine.ts"
import * as common from "../engine/commonMethods.ts"
import type { MethodSignature } from "../engine/MethodTable.ts"
import { log } from "../platform/log.ts"
import type { RpcDispatcher } from "../rpc/Protocol.ts"
import { type DispatchHooks, type Handler, makeDispatcher, type Route } from "./Dispatcher.ts"
import { loadModel, saveModel } from "./ModelStore.ts"
import { type ServerIdentity, serverStatus } from "./ServerStatus.ts"

export interface LoadedConfig<C> {
  /** The config text exactly as read (get_config returns it, model files embed it). */
  readonly text: string
  readonly value: C
  /** Where it came from: a file path or the ZooKeeper node path. */
  readonly source: string
}

export class EngineServer<C = unknown, D extends Driver = Driver> {
  private driverRef: D
  private configRef: LoadedConfig<C>
  updateCount = 0
  lastSaved = 0
  lastSavedPath = ""
  lastLoaded = 0
  lastLoadedPath = ""
  readonly startTime = Math.floor(Date.now() / 1000)
  private readonly routes = new Map<string, Route>()
  private readonly statusProviders: Array<() => Record<string, string>> = []
  private readonly updateListeners: Array<(method: string) => void> = []
  /** What engine methods see of the cluster; a distributed server replaces it once ZooKeeper is up. */
  cluster: ClusterAccess

  constructor(
    readonly engine: EngineDefinition<C, D>,
    config: LoadedConfig<C>,
    readonly identity: ServerIdentity,
    driver?: D
  ) {
    this.configRef = config
    this.driverRef = driver ?? engine.create(config.value, { distributed: identity.distributed })
    this.cluster = standaloneCluster({ id: identity.id, ip: identity.ip, port: identity.port })
    for (const m of engine.methods) this.route(m, (args) => m.run(this.driverRef, args as never, this.cluster))
    this.route(common.getConfig, () => this.configRef.text)
    this.route(common.save, ([id]) => this.save(id as string))
    this.route(common.load, ([id]) => this.load(id as string))
    this.route(common.getStatus, () => ({ [this.identity.id]: this.status() }))
  }

  get driver(): D {
    return this.driverRef
  }

  get config(): LoadedConfig<C> {
    return this.configRef
  }

  /** Adds or replaces a method (the mixer registers get_diff, put_diff, get_model, do_mix). */
  route(signature: MethodSignature, handler: Handler): void {
    this.routes.set(signature.name, { signature, handler })
  }

  addStatus(provider: () => Record<string, string>): void {
    this.statusProviders.push(provider)
  }

  onUpdate(listener: (method: string) => void): void {
    this.updateListeners.push(listener)
  }

  dispatcher(hooks: DispatchHooks = {}): RpcDispatcher {
    return makeDispatcher(this.routes, {
      ...hooks,
      onUpdate: (method) => {
        this.updateCount++
        for (const l of this.updateListeners) l(method)
        hooks.onUpdate?.(method)
      }
    })
  }

  status(): Record<string, string> {
    const s: Record<string, string> = serverStatus(this)
    Object.assign(s, this.driverRef.status())
    for (const p of this.statusProviders) Object.assign(s, p())
    // Jubatus builds status in a std::map: clients see the keys in sorted order.
    const sorted: Record<string, string> = {}
    for (const k of Object.keys(s).sort()) sorted[k] = s[k]
    return sorted
  }

  /** Replaces the whole model from packed data (get_model during MIX recovery). */
  replaceModel(packed: unknown, source = "the model"): void {
    this.driverRef.unpack(packed)
    if (this.engine.isLegacyPayload?.(packed) === true)
      log.info(`${source} was saved by juba 0.1 in its own layout: converted to Jubatus 1.1.1's, saves from now on use it`)
  }

  private async save(id: string): Promise<Record<string, string>> {
    const path = await saveModel({
      datadir: this.identity.datadir,
      ip: this.identity.ip,
      port: this.identity.port,
      type: this.engine.type,
      id,
      configText: this.configRef.text,
      payload: this.driverRef.pack()
    })
    this.lastSaved = Math.floor(Date.now() / 1000)
    this.lastSavedPath = path
    return { [this.identity.id]: path }
  }

  private async load(id: string): Promise<boolean> {
    const { path, file } = await loadModel({
      datadir: this.identity.datadir,
      ip: this.identity.ip,
      port: this.identity.port,
      type: this.engine.type,
      id,
      expectedConfigText: this.configRef.text
    })
    try {
      this.replaceModel(file.driverPayload, `model "${id}"`)
    } catch (e) {
      if (e instanceof ModelFormatError) throw new Error(`cannot load model "${id}": ${e.message}`)
      throw e
    }
    this.lastLoaded = Math.floor(Date.now() / 1000)
    this.lastLoadedPath = path
    return true
  }
}
