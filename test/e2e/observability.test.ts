// Metrics, health and logs of a server started from the binary, as an operator sees them.
import { afterAll, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { ClassifierClient, datumOf } from "../../mod.ts"
import { freePort, sharedData, startProgram, tempDir, waitForPort, type JubaProcess } from "../support/juba.ts"
import { parsePrometheus, sampleValue } from "../support/prometheus.ts"

const started: Array<JubaProcess> = []
afterAll(async () => {
  for (const p of started) await p.kill()
})

describe("an operator watching a server", () => {
  test("sees /metrics counters move when a client trains, and healthz/readyz answer", async () => {
    const port = await freePort()
    const httpPort = await freePort()
    const server = await startProgram("jubaclassifier", ["-f", path.join(sharedData, "digits.config.json"), "-p", String(port), "-b", "127.0.0.1", "--http-port", String(httpPort)], port)
    started.push(server)
    await waitForPort(httpPort)
    const scrape = async () => parsePrometheus(await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text())
    const before = await scrape()
    expect(sampleValue(before, "juba_update_count")).toBe(0)
    const client = ClassifierClient({ port })
    await client.train([["a", datumOf({ num: { x: 1, y: 2 } })], ["b", datumOf({ num: { x: -1 } })]])
    await client.train([["a", datumOf({ num: { z: 1 } })]])
    await client.classify([datumOf({ num: { x: 1 } })])
    const after = await scrape()
    expect(sampleValue(after, "juba_rpc_calls_total", { method: "train", outcome: "ok" })).toBe(2)
    expect(sampleValue(after, "juba_rpc_calls_total", { method: "classify", outcome: "ok" })).toBe(1)
    expect(sampleValue(after, "juba_rpc_call_seconds_count", { method: "train" })).toBe(2)
    expect(sampleValue(after, "juba_update_count")).toBe(2)
    expect(sampleValue(after, "juba_model_labels")).toBe(2)
    expect(sampleValue(after, "juba_model_features")).toBe(3)
    expect(sampleValue(after, "juba_process_resident_bytes")).toBeGreaterThan(1_000_000)
    expect((await fetch(`http://127.0.0.1:${httpPort}/healthz`)).status).toBe(200)
    expect((await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status).toBe(200)
    expect((await fetch(`http://127.0.0.1:${httpPort}/nothing`)).status).toBe(404)
    client.close()
    await server.stop()
  })

  test("finds JSON log lines in --logdir and a fresh file after SIGHUP", async () => {
    const port = await freePort()
    const logdir = tempDir()
    const server = await startProgram("jubaclassifier", ["-f", path.join(sharedData, "digits.config.json"), "-p", String(port), "-b", "127.0.0.1", "-l", logdir, "--log_format", "json"], port)
    started.push(server)
    const file = path.join(logdir, `jubaclassifier.127.0.0.1_${port}.log`)
    // The boot line follows the listener by a moment.
    for (let i = 0; i < 100 && !(fs.existsSync(file) && fs.readFileSync(file, "utf8").includes("RPC server at")); i++) await Bun.sleep(20)
    const first = fs.readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l))
    expect(first[0].level).toBe("INFO")
    expect(first[0].pid).toBe(server.pid)
    expect(first[0].message).toContain(`RPC server at 127.0.0.1:${port}`)
    fs.renameSync(file, `${file}.1`)
    server.child.kill("SIGHUP")
    await Bun.sleep(100)
    expect(await server.stop()).toBe(0)
    const second = fs.readFileSync(file, "utf8")
    expect(second).toContain("server stopped")
    expect(fs.readFileSync(`${file}.1`, "utf8")).not.toContain("server stopped")
  })
})
