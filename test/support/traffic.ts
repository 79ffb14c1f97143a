// Client traffic for cluster tests: trainers and readers calling through the proxy in a loop, with
// every failure recorded and stamped, and a raw do_mix.
import { datumOf, type Datum } from "../../mod.ts"
import { encodeValue } from "../../src/rpc/MsgpackWriter.ts"
import type { Cluster } from "./cluster.ts"
import { RawClient } from "./rawClient.ts"

export const TRAINERS = 4
export const READERS = 2

export const example = (i: number): [string, Datum] => {
  const x = ((i * 7919) % 13) - 6.5
  return [x > 0 ? "up" : "down", datumOf({ num: { x, bias: 1 } })]
}
export const probes = [-3, -0.5, 0.25, 2].map((x) => datumOf({ num: { x, bias: 1 } }))

export const doMix = async (port: number): Promise<unknown> => {
  const raw = await RawClient.connect(port)
  try {
    raw.send(encodeValue([0, 1, "do_mix", []]))
    return await raw.next(15000)
  } finally {
    raw.close()
  }
}

export interface Failure {
  readonly atMs: number
  readonly message: string
}

/** Clients calling through the proxy in a loop until `stop`; failures are stamped relative to `t0()`. */
export const load = (cluster: Cluster, t0: () => number) => {
  let running = true
  let trained = 0
  let read = 0
  const trainFailures: Array<Failure> = []
  const readFailures: Array<Failure> = []
  const record = (into: Array<Failure>) => (e: unknown) => into.push({ atMs: Date.now() - t0(), message: e instanceof Error ? e.message : String(e) })
  const loops = [
    ...Array.from({ length: TRAINERS }, async (_, k) => {
      const client = cluster.client()
      for (let i = k; running; i += TRAINERS) await client.train([example(i)]).then(() => trained++, record(trainFailures))
    }),
    ...Array.from({ length: READERS }, async () => {
      const client = cluster.client()
      while (running) await client.classify(probes).then(() => read++, record(readFailures))
    })
  ]
  return {
    trainFailures,
    readFailures,
    counts: () => ({ trained, read }),
    stop: async () => {
      running = false
      await Promise.all(loops)
    }
  }
}

