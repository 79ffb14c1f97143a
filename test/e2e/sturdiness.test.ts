// What operators do to a running cluster and what can happen to it: every member restarted one at a
// time under load, and a server killed in the middle of saving its model.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { ClassifierClient, datumOf, type Datum } from "../../mod.ts"
import { decodeModelFile } from "../../src/server/ModelFile.ts"
import { startCluster, type Cluster } from "../support/cluster.ts"
import { freePort, startProgram, tempDir } from "../support/juba.ts"
import { load } from "../support/traffic.ts"

const config = { method: "AROW", parameter: { regularization_weight: 1.0 }, converter: { num_rules: [{ key: "*", type: "num" }] } }

describe("a rolling restart", () => {
  let cluster: Cluster
  beforeAll(async () => {
    cluster = await startCluster({ config, serverArgs: ["-Z", "3"], proxyArgs: ["-Z", "3"] })
  }, 60000)
  afterAll(async () => {
    await cluster?.stop()
  })

  test("of every member, one at a time under load, costs clients zero errors", async () => {
    const started = Date.now()
    const traffic = load(cluster, () => started)
    await Bun.sleep(300)
    for (const old of [...cluster.servers]) {
      const oldId = cluster.idOf(old)
      expect(await old.stop("SIGTERM")).toBe(0)
      await cluster.waitActives((ids) => !ids.includes(oldId), 5000)
      await cluster.addServer()
      await Bun.sleep(200)
    }
    const before = traffic.counts()
    await Bun.sleep(500)
    const after = traffic.counts()
    await traffic.stop()
    console.log(`[rolling restart] 3 members replaced in ${Date.now() - started} ms: ${traffic.trainFailures.length} train and ${traffic.readFailures.length} read errors, ${after.trained} trains`)
    expect(traffic.trainFailures).toEqual([])
    expect(traffic.readFailures).toEqual([])
    expect(after.trained - before.trained).toBeGreaterThan(10)
    expect((await cluster.actives()).length).toBe(3)
  }, 60000)
})

describe("a server killed while it saves", () => {
  test("leaves the previous model file whole and loadable", async () => {
    const dir = tempDir()
    const configFile = path.join(dir, "c.json")
    fs.writeFileSync(configFile, JSON.stringify(config))
    const port = await freePort()
    const args = ["-f", configFile, "-p", String(port), "-b", "127.0.0.1", "-d", dir]
    const server = await startProgram("jubaclassifier", args, port)
    const client = ClassifierClient({ port })
    // A model big enough that writing it takes a while: 100k features over 10 labels.
    for (let b = 0; b < 100; b++) {
      const batch: Array<[string, Datum]> = []
      for (let i = 0; i < 100; i++) {
        const num: Record<string, number> = {}
        for (let k = 0; k < 10; k++) num[`f${(b * 100 + i) * 10 + k}`] = 1
        batch.push([`l${i % 10}`, datumOf({ num })])
      }
      await client.train(batch)
    }
    const saved = Object.values(await client.save("snap"))[0]
    const first = fs.readFileSync(saved)
    await client.train([["late", datumOf({ num: { z: 1 } })]])
    // Ask for a second save and kill the server while it is at it.
    client.save("snap").catch(() => undefined)
    await Bun.sleep(5)
    await server.kill()
    client.close()
    const after = fs.readFileSync(saved)
    const model = decodeModelFile(after)
    expect(model.type).toBe("classifier")
    // Either the old file or a complete new one, never a torn one; no temporary file is mistaken for it.
    expect(after.equals(first) || after.length > first.length).toBe(true)
    const restarted = await startProgram("jubaclassifier", ["-m", saved, "-p", String(port), "-b", "127.0.0.1", "-d", dir], port)
    const again = ClassifierClient({ port })
    expect(Object.keys(await again.getLabels()).length).toBeGreaterThanOrEqual(10)
    again.close()
    await restarted.stop()
  }, 60000)
})
