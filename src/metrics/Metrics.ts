// Prometheus metrics of a juba process, kept with effect's Metric module in a registry of its own and
// rendered by effect's PrometheusMetrics. Per-call updates go through cached metric handles so the
// RPC hot path does one map lookup and two updates; model-size and session gauges are sampled when
// /metrics is scraped.
import { Context, Metric } from "effect"
import { PrometheusMetrics } from "effect/observability"

const latencyBoundaries = Metric.exponentialBoundaries({ start: 0.00005, factor: 2, count: 20 })

interface MethodMetrics {
  readonly ok: Metric.Counter<number>
  readonly failed: Metric.Counter<number>
  readonly seconds: Metric.Histogram<number>
}

export class ProcessMetrics {
  readonly context = Context.make(Metric.MetricRegistry, new Map())
  private readonly methods = new Map<string, MethodMetrics>()
  private readonly gauges = new Map<string, Metric.Gauge<number>>()
  private readonly samplers: Array<() => void> = []

  private readonly calls = Metric.counter("juba_rpc_calls_total", { description: "RPC calls answered, by method and outcome", incremental: true })
  private readonly callSeconds = Metric.histogram("juba_rpc_call_seconds", { description: "Time to answer an RPC call", boundaries: latencyBoundaries })

  private forMethod(method: string): MethodMetrics {
    let m = this.methods.get(method)
    if (m === undefined) {
      m = {
        ok: Metric.withAttributes(this.calls, { method, outcome: "ok" }),
        failed: Metric.withAttributes(this.calls, { method, outcome: "error" }),
        seconds: Metric.withAttributes(this.callSeconds, { method })
      }
      this.methods.set(method, m)
    }
    return m
  }

  /** One answered call; `startedAt` from performance.now(). */
  recordCall(method: string, ok: boolean, startedAt: number): void {
    const m = this.forMethod(method)
    ;(ok ? m.ok : m.failed).updateUnsafe(1, this.context)
    m.seconds.updateUnsafe((performance.now() - startedAt) / 1000, this.context)
  }

  /** A counter by name and attributes, e.g. `juba_mix_rounds_total`. */
  count(name: string, description: string, by = 1, attributes?: Record<string, string>): void {
    const key = `${name}${JSON.stringify(attributes ?? {})}`
    let c = this.gauges.get(`c:${key}`) as unknown as Metric.Counter<number> | undefined
    if (c === undefined) {
      const base = Metric.counter(name, { description, incremental: true })
      c = attributes === undefined ? base : Metric.withAttributes(base, attributes)
      this.gauges.set(`c:${key}`, c as unknown as Metric.Gauge<number>)
    }
    c.updateUnsafe(by, this.context)
  }

  /** Sets a gauge by name and attributes. */
  gauge(name: string, description: string, value: number, attributes?: Record<string, string>): void {
    const key = `g:${name}${JSON.stringify(attributes ?? {})}`
    let g = this.gauges.get(key)
    if (g === undefined) {
      const base = Metric.gauge(name, { description })
      g = attributes === undefined ? base : Metric.withAttributes(base, attributes)
      this.gauges.set(key, g)
    }
    g.updateUnsafe(value, this.context)
  }

  /** Registers a function that refreshes gauges right before each scrape. */
  sampleOnScrape(sampler: () => void): void {
    this.samplers.push(sampler)
  }

  render(): string {
    for (const s of this.samplers) {
      try {
        s()
      } catch {
        // A sampler that fails must not take /metrics down with it.
      }
    }
    return PrometheusMetrics.formatUnsafe(this.context)
  }
}
