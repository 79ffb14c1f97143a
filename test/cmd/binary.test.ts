// The compiled binary as a user runs it: legacy names through symlinks, verbs, --help, --version,
// option errors, and a server started by its legacy name being that very process.
import { afterAll, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { RawClient } from "../support/rawClient.ts"
import { freePort, runProgram, sharedData, startProgram, tempDir, type JubaProcess } from "../support/juba.ts"
import { samples } from "../fixtures/wireSamples.ts"
import { decodeValue } from "../../src/rpc/MsgpackReader.ts"
import pkg from "../../package.json" with { type: "json" }

const started: Array<JubaProcess> = []
afterAll(async () => {
  for (const p of started) await p.kill()
})

describe("the juba binary", () => {
  test("prints its version by verb form and by legacy name", () => {
    expect(runProgram("juba", ["--version"]).stdout).toBe(`juba-${pkg.version} (juba)\n`)
    const r = runProgram("jubaclassifier", ["--version"])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`juba-${pkg.version} (jubaclassifier)\n`)
  })

  test("prints Jubatus-style usage on --help and exits 0", () => {
    const r = runProgram("jubaclassifier", ["--help"])
    expect(r.code).toBe(0)
    expect(r.stderr).toStartWith("usage: jubaclassifier")
    expect(r.stderr).toContain("-p, --rpc-port")
    const verb = runProgram("juba", ["server", "--type", "classifier", "--help"])
    expect(verb.code).toBe(0)
    expect(verb.stderr).toStartWith("usage: juba server")
  })

  test("rejects an unknown option with the problem and the usage, exit 1", () => {
    const r = runProgram("jubaclassifier", ["--no-such-option"])
    expect(r.code).toBe(1)
    expect(r.stderr).toStartWith("undefined option: --no-such-option\nusage: jubaclassifier")
  })

  test("refuses standalone mode without a config or a model file", () => {
    const r = runProgram("jubaclassifier", ["-p", "9199"])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("config path or model file must be specified for standalone mode")
  })

  test("answers --config_test with Configuration OK or the errors", () => {
    const ok = runProgram("jubaclassifier", ["-f", path.join(sharedData, "digits.config.json"), "--config_test"])
    expect(ok.code).toBe(0)
    expect(ok.stderr).toContain("Configuration OK")
    const dir = tempDir()
    const bad = path.join(dir, "bad.json")
    fs.writeFileSync(bad, JSON.stringify({ method: "AROW", parameter: { regularization_weight: -1 }, converter: {} }))
    const r = runProgram("jubaclassifier", ["-f", bad, "--config_test"])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("Configuration error")
    const broken = path.join(dir, "broken.json")
    fs.writeFileSync(broken, '{"method": "AROW",\n "parameter": {,}}')
    const s = runProgram("jubaclassifier", ["-f", broken])
    expect(s.code).toBe(1)
    expect(s.stderr).toContain(`syntax error in configuration: ${broken}:2:`)
  })

  test("runs a server as the started process itself and answers an unknown method with error 1", async () => {
    const port = await freePort()
    const server = await startProgram("jubaclassifier", ["-f", path.join(sharedData, "digits.config.json"), "-p", String(port), "-b", "127.0.0.1"], port)
    started.push(server)
    const c = await RawClient.connect(port)
    c.send(samples.unknownMethodRequest)
    expect(await c.next()).toEqual([1, 1, 1, "no_such_method"])
    c.send(new Uint8Array([0x94, 0x00, 0x02, 0xaa, ...new TextEncoder().encode("get_status"), 0x91, 0xa0]))
    const [, , error, status] = (await c.next()) as [number, number, unknown, Record<string, Record<string, string>>]
    expect(error).toBeNull()
    const mine = status[`127.0.0.1_${port}`]
    expect(mine.pid).toBe(String(server.pid))
    expect(mine.PROGNAME).toBe("jubaclassifier")
    c.close()
    expect(await server.stop()).toBe(0)
  })

  test("dispatches the verb form to the same server", async () => {
    const port = await freePort()
    const server = await startProgram("juba", ["server", "--type", "classifier", "-f", path.join(sharedData, "digits.config.json"), "-p", String(port), "-b", "127.0.0.1"], port)
    started.push(server)
    const c = await RawClient.connect(port)
    c.send(samples.getLabelsRequest)
    expect(decodeValue(await c.nextFrame())).toEqual([1, 1, null, {}])
    c.close()
    await server.stop()
  })

  test("--daemon returns at once and leaves the server running detached", async () => {
    const port = await freePort()
    const r = runProgram("jubaclassifier", ["-f", path.join(sharedData, "digits.config.json"), "-p", String(port), "-b", "127.0.0.1", "-D"])
    expect(r.code).toBe(0)
    const { waitForPort } = await import("../support/juba.ts")
    await waitForPort(port)
    const c = await RawClient.connect(port)
    c.send(new Uint8Array([0x94, 0x00, 0x02, 0xaa, ...new TextEncoder().encode("get_status"), 0x91, 0xa0]))
    const [, , , status] = (await c.next()) as [number, number, unknown, Record<string, Record<string, string>>]
    c.close()
    const pid = Number(status[`127.0.0.1_${port}`].pid)
    expect(pid).toBeGreaterThan(0)
    process.kill(pid, "SIGTERM")
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0)
      } catch {
        break
      }
      await Bun.sleep(20)
    }
    expect(() => process.kill(pid, 0)).toThrow()
  })
})
