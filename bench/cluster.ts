// A distributed classifier under load (issue 4): ZooKeeper, jubaconfig, one jubaclassifier_proxy and
// 1, 2, 3 jubaclassifier servers from dist/bin on loopback. Prints train and classify datums/s through
// the proxy (batch 100; 1 connection without pipelining as the C++ bar was taken, then 1 and 4
// connections with 16 calls in flight), and the time and size of one MIX round (do_mix on one server)
// for models of 1k/10k/100k distinct features x 10 labels trained on every member.
// Then the same MIX round in this process, step by step, to show where its time goes.
//   npx bun bench/cluster.ts [--servers 1,2,3] [--datums 200000] [--mix-features 1000,10000,100000] [--mix-members 3]
import * as fs from "node:fs"
import * as path from "node:path"
import { sharedData } from "../test/support/juba.ts"
import { status } from "./support/classifierCalls.ts"
import { planLoad, runLoad } from "./support/clients.ts"
import { mixSplit } from "./support/mixBreakdown.ts"
import { startBenchCluster } from "./support/cluster.ts"
import { gaussianSamples } from "./support/datasets.ts"
import { call, connect, runPipeline } from "./support/pipeline.ts"
import { classifyFrames, type Sample, trainFrames } from "./support/requests.ts"
import { argList, argValue, megabytes, printTable, rate, seconds } from "./support/table.ts"

const BATCH = 100
const serverCounts = argList("--servers", [1, 2, 3])
const datums = Number(argValue("--datums", "200000"))
const mixFeatures = argList("--mix-features", [1000, 10000, 100000])
const mixMembers = argList("--mix-members", [3])
const LABELS = 10
const config = JSON.parse(fs.readFileSync(path.join(sharedData, "digits.config.json"), "utf8")) as unknown

/** `features` distinct features × LABELS labels: every block of 100 features is trained once with each label. */
const mixSamples = (features: number, seed: number): Array<Sample> => {
  let s = seed * 2654435761 >>> 0 || 1
  const uniform = () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return s / 4294967296
  }
  const out: Array<Sample> = []
  for (let block = 0; block < features; block += 100) {
    const keys = Array.from({ length: Math.min(100, features - block) }, (_, i) => `w${block + i}`)
    for (let l = 0; l < LABELS; l++) out.push({ label: `l${l}`, keys, values: Float64Array.from(keys, () => 0.5 + uniform()) })
  }
  return out
}

const cluster = await startBenchCluster(config)
const throughput: Array<Array<string>> = []
const mixing: Array<Array<string>> = []
try {
  const data = gaussianSamples(datums, 20)
  const train = trainFrames(cluster.name, data, BATCH)
  const classify = classifyFrames(cluster.name, data, BATCH)
  const shapes: Array<{ conns: number; window: number; calls: number }> = [
    // Without pipelining each call waits a round trip through the proxy: fewer calls keep it short.
    { conns: 1, window: 1, calls: Math.min(train.length, 500) },
    { conns: 1, window: 16, calls: train.length },
    { conns: 4, window: 16, calls: train.length }
  ]
  for (const n of serverCounts) {
    while (cluster.servers.length < n) await cluster.addServer()
    for (const shape of shapes) {
      const tp = planLoad(train.slice(0, shape.calls), shape.conns)
      const cp = planLoad(classify.slice(0, shape.calls), shape.conns)
      try {
        const t = await runLoad(cluster.proxy.port, tp, shape.window)
        const c = await runLoad(cluster.proxy.port, cp, shape.window)
        const err = t.errors + c.errors > 0 ? ` (${t.errors + c.errors} errors: ${t.firstError ?? c.firstError})` : ""
        throughput.push([String(n), String(shape.conns), String(shape.window), rate((shape.calls * BATCH) / t.seconds), rate((shape.calls * BATCH) / c.seconds) + err])
      } finally {
        tp.remove()
        cp.remove()
      }
    }
  }

  // MIX rounds on servers that never mix by themselves, so that each diff holds all the training.
  for (const s of [...cluster.servers]) await cluster.removeServer(s)
  for (const members of mixMembers) {
    while (cluster.servers.length < members) await cluster.addServer(["-s", "0", "-i", "0"])
    // The first round in fresh processes runs code the JIT has not compiled yet: shown apart, as "cold".
    const rounds = mixFeatures.map((features) => ({ features, cold: false }))
    if (members === mixMembers[0]) rounds.unshift({ features: mixFeatures[0], cold: true })
    for (const { features, cold } of rounds) {
      if ((await call(cluster.proxy.port, "clear", [cluster.name])) !== true) throw new Error("clear through the proxy failed")
      await Promise.all(
        cluster.servers.map(async (s, m) => {
          const socket = await connect(s.port)
          try {
            const r = await runPipeline(socket, trainFrames(cluster.name, mixSamples(features, m + 1), BATCH), 16)
            if (r.errors > 0) throw new Error(`train on a member failed: ${r.firstError}`)
          } finally {
            socket.destroy()
          }
        })
      )
      const master = cluster.servers[0]
      const st = await status(master.port, cluster.name)
      const weights = Number(st.num_features) * Number(st.num_classes)
      const logFrom = master.output().length
      const t0 = performance.now()
      const mixed = await call(master.port, "do_mix", [])
      const rtt = (performance.now() - t0) / 1000
      // The master's own report of the round: `mixed with N servers in T secs, B bytes …`.
      let line: RegExpExecArray | null = null
      for (let i = 0; i < 50 && line === null; i++) {
        line = /mixed with (\d+) servers in ([\d.]+) secs, (\d+) bytes/.exec(master.output().slice(logFrom))
        if (line === null) await new Promise((r) => setTimeout(r, 20))
      }
      mixing.push([
        String(members),
        `${st.num_features} x ${st.num_classes}${cold ? " (cold)" : ""}`,
        rate(weights),
        mixed === true ? seconds(rtt) : `failed (${String(mixed)})`,
        line === null ? "-" : `${line[1]} / ${seconds(Number(line[2]))}`,
        line === null ? "-" : megabytes(Number(line[3]))
      ])
    }
  }
} finally {
  await cluster.stop()
}

printTable(
  `Through jubaclassifier_proxy, batch ${BATCH}, 20 num features (datums/s); C++ 1.1.1 with 3 servers, 1 connection, no pipelining: 81k train / 145k classify`,
  ["servers", "conns", "in flight", "train/s", "classify/s"],
  throughput
)
printTable(
  "One MIX round (do_mix on one member; linear_mixer, AROW); C++ 1.1.1, 3 members x 100k features x 10 labels: 0.59 s, 7.7 MB",
  ["members", "features x labels (a member)", "weights", "do_mix s", "log: servers / s", "MB put"],
  mixing
)

const members = Math.max(...mixMembers)
const ms = (x: number) => x.toFixed(0)
const split: Array<Array<string>> = []
for (const features of mixFeatures) {
  const m = mixSplit(config, Array.from({ length: members }, (_, i) => mixSamples(features, i + 1)))
  split.push([
    `${features} x ${LABELS}`,
    ms(m.getDiff),
    ms(m.encodeDiff),
    ms(m.decodeDiff),
    ms(m.fold),
    ms(m.encodeFold),
    ms(m.decodeFold),
    ms(m.putDiff),
    megabytes(m.bytesPerDiff),
    megabytes(m.foldBytes)
  ])
}
printTable(
  `The same MIX round in one process, ${members} members, ms summed over members (get_diff, encode, decode, put_diff) or diffs (fold)`,
  ["model", "get_diff", "encode", "decode", "fold", "encode fold", "decode fold", "put_diff", "MB a diff", "MB fold"],
  split
)
