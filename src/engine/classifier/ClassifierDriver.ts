// The classifier engine's model state (jubatus_core driver/classifier.cpp with classifier/
// linear_classifier.cpp): converter + weight storage + label counts (+ label unlearner), trained
// and queried synchronously. Its three linear mixables are the storage, the label counts and the
// converter's weight manager, in that order (spec §6.1).
import type { Datum } from "../../fv/Datum.ts"
import type { Converter } from "../../fv/Converter.ts"
import { requireFiniteBatch } from "../../fv/finiteValues.ts"
import { type Driver, type LinearMixable } from "../Driver.ts"
import { EngineError, ModelFormatError } from "../../common/errors.ts"
import type { DriverMode } from "../Engine.ts"
import type { ClassifierConfig } from "./ClassifierConfig.ts"
import { LabelCounts } from "../linear/LabelCounts.ts"
import { decodeLabelsDiff, encodeLabelsDiff, encodeMixedLabels, mixLabelsDiffs } from "./labelsDiff.ts"
import { LinearTrainer } from "./LinearTrainer.ts"
import { packLabels, unpackLabels } from "./modelCodec.ts"
import { packStorage, unpackStorage } from "../linear/storageCodec.ts"
import { SortedVector } from "./sortAndMerge.ts"
import {
  decodeStorageDiff,
  encodeStorageDiff,
  labelsOfDiff,
  mixStorageDiffs,
  putStorageDiff,
  storageDiffOf
} from "../linear/storageDiff.ts"
import { makeUnlearner, type Unlearner } from "./unlearner/Unlearner.ts"
import { WeightStorage } from "../linear/WeightStorage.ts"
import { toWireMap } from "../linear/wireValues.ts"

export type LabeledDatum = [label: string, datum: Datum]
export type EstimateResult = [label: string, score: number]

interface DriverDiff {
  readonly storage: ReturnType<typeof decodeStorageDiff>
  readonly labels: Map<string, number>
  readonly weights: unknown
}

const decodeDriverDiff = (v: unknown): DriverDiff => {
  if (!Array.isArray(v) || v.length !== 3) {
    throw new ModelFormatError("classifier diff: expected [storage_diff, labels_diff, weights_diff]")
  }
  return { storage: decodeStorageDiff(v[0]), labels: decodeLabelsDiff(v[1]), weights: v[2] }
}

export class ClassifierDriver implements Driver {
  private storage: WeightStorage
  private labels = new LabelCounts()
  private unlearner: Unlearner | undefined
  private readonly trainer: LinearTrainer
  private readonly sorted = new SortedVector()
  private readonly mixture: boolean
  readonly mixable: LinearMixable | undefined

  constructor(
    readonly config: ClassifierConfig<unknown>,
    private readonly converter: Converter,
    mode: DriverMode
  ) {
    this.mixture = mode.distributed
    this.storage = new WeightStorage(this.mixture)
    this.trainer = new LinearTrainer(config.method, config.regularizationWeight)
    this.unlearner =
      config.unlearner === undefined ? undefined : makeUnlearner(config.unlearner, (label) => this.unlearn(label))
    this.mixable = this.mixture
      ? { getDiff: () => this.getDiff(), mix: (l, r) => this.mix(l, r), putDiff: (d) => this.putDiff(d) }
      : undefined
  }

  /** Learns each `[label, datum]` in order; returns how many were trained. */
  train(data: ReadonlyArray<LabeledDatum>): number {
    requireFiniteBatch(data, (d) => d[1])
    const sorted = this.sorted
    let count = 0
    for (const [label, datum] of data) {
      sorted.load(this.converter.convertForUpdate(datum))
      this.checkTouchable(label)
      this.labels.increment(label)
      const outcome = this.trainer.train(this.storage, sorted.keys, sorted.values, sorted.length, label)
      if (outcome === "updated" && this.unlearner !== undefined) this.unlearner.touch(label)
      count++
    }
    return count
  }

  /** For each datum, `[label, score]` of every label the weights know, in label order. */
  classify(data: ReadonlyArray<Datum>): Array<Array<EstimateResult>> {
    const out = new Array<Array<EstimateResult>>(data.length)
    const live = this.storage.labels.live
    for (let d = 0; d < data.length; d++) {
      const fv = this.converter.convert(data[d])
      const scores = this.trainer.scoreAll(this.storage, fv.keys, fv.values)
      const row = new Array<EstimateResult>(live.length)
      for (let i = 0; i < live.length; i++) row[i] = [this.storage.labels.name(live[i]), scores[live[i]]]
      out[d] = row
    }
    return out
  }

  /** label → number of trained examples, sorted by label (the server answers with a std::map). */
  getLabels(): Record<string, number> {
    const counts = this.labels.counts()
    const keys = [...counts.keys()].sort()
    return toWireMap(keys.map((k) => [k, counts.get(k)!])) as Record<string, number>
  }

  /** Adds a label with no weights and count 0; false when it already existed. */
  setLabel(label: string): boolean {
    this.checkTouchable(label)
    let result = this.storage.labels.add(label)
    result = this.labels.add(label) && result
    if (this.unlearner !== undefined && result) result = this.unlearner.touch(label)
    return result
  }

  /** Removes a label and its weights everywhere; false when unknown. */
  deleteLabel(label: string): boolean {
    let result = this.storage.deleteLabel(label)
    result = this.labels.erase(label) && result
    if (this.unlearner !== undefined && result) result = this.unlearner.remove(label)
    return result
  }

  clear(): void {
    this.storage.clear()
    this.labels.clear()
    this.unlearner?.clear()
    this.converter.weights.clear()
  }

  /** `[classifier_model, weight_manager]`; the layout is documented in modelCodec.ts. */
  pack(): unknown {
    const storage = packStorage(this.storage)
    const labels = packLabels(this.labels)
    const model = this.unlearner === undefined ? [storage, labels] : [this.unlearner.pack(), storage, labels]
    return [model, this.converter.weights.pack()]
  }

  unpack(packed: unknown): void {
    if (!Array.isArray(packed) || packed.length !== 2) {
      throw new ModelFormatError("classifier: expected [classifier_model, weight_manager]")
    }
    const model = packed[0]
    const parts = this.unlearner === undefined ? 2 : 3
    if (!Array.isArray(model) || model.length !== parts) {
      throw new ModelFormatError(
        this.unlearner === undefined
          ? "classifier model: expected [storage, labels]"
          : "classifier model: expected [unlearner, storage, labels] (the config has an unlearner)"
      )
    }
    const unlearner = this.unlearner?.restore(model[0])
    const storage = unpackStorage(model[parts - 2], this.mixture)
    const labels = unpackLabels(model[parts - 1])
    this.converter.weights.unpack(packed[1]) // throws before changing anything when malformed
    this.storage = storage
    this.labels = labels
    this.unlearner = unlearner
  }

  status(): Record<string, string> {
    const st = this.storage
    const out: Record<string, string> = {
      num_features: String(st.numFeatures),
      num_classes: String(st.labels.size)
    }
    if (this.mixture) {
      out.num_features_diff = String(st.numFeaturesDiff)
      out.model_version = String(st.modelVersion)
    }
    out.storage = this.mixture ? "local_storage_mixture" : "local_storage"
    if (this.unlearner !== undefined) Object.assign(out, this.unlearner.status())
    return Object.assign(out, this.converter.weights.status())
  }

  // --- MIX --------------------------------------------------------------------------------------

  private getDiff(): unknown {
    return [encodeStorageDiff(storageDiffOf(this.storage)), encodeLabelsDiff(this.labels), this.converter.weights.getDiff()]
  }

  private mix(lhs: unknown, rhs: unknown): unknown {
    const l = this.decodeOnce(lhs)
    const r = this.decodeOnce(rhs)
    const folded: DriverDiff = {
      storage: mixStorageDiffs(l.storage, r.storage),
      labels: mixLabelsDiffs(l.labels, r.labels),
      weights: this.converter.weights.mix(l.weights, r.weights)
    }
    const wire = [encodeStorageDiff(folded.storage), encodeMixedLabels(folded.labels), folded.weights]
    // The mixer folds member after member into the previous fold: remember what this one decodes to.
    this.folds.set(wire, folded)
    return wire
  }

  private readonly folds = new WeakMap<object, DriverDiff>()

  private decodeOnce(v: unknown): DriverDiff {
    return (typeof v === "object" && v !== null ? this.folds.get(v) : undefined) ?? decodeDriverDiff(v)
  }

  private putDiff(diff: unknown): boolean {
    const d = decodeDriverDiff(diff)
    let keep: ((label: string) => boolean) | undefined
    const unlearner = this.unlearner
    if (unlearner !== undefined) {
      for (const label of labelsOfDiff(d.storage)) unlearner.touch(label)
      keep = (label) => unlearner.existsInMemory(label)
    }
    let ok = putStorageDiff(this.storage, d.storage, keep)
    ok = this.labels.putDiff(d.labels) && ok
    ok = this.converter.weights.putDiff(d.weights) && ok
    return ok
  }

  // --- label unlearner --------------------------------------------------------------------------

  private checkTouchable(label: string): void {
    if (this.unlearner !== undefined && !this.unlearner.canTouch(label)) {
      throw new EngineError(
        `cannot add new label as number of sticky labels reached the maximum size of unlearner: ${label}`
      )
    }
  }

  /** The unlearner evicted `label`: it leaves the weights and the counts. */
  private unlearn(label: string): void {
    this.storage.deleteLabel(label)
    this.labels.erase(label)
  }
}
