import { afterAll, describe, expect, test } from "bun:test"
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { decodeModelFile, encodeModelFile } from "../../src/server/ModelFile.ts"
import { ModelFileError } from "../../src/server/ModelFileError.ts"
import { writeModelFileAtomically } from "../../src/server/writeModelFileAtomically.ts"

const root = fs.mkdtempSync(path.join(os.tmpdir(), "juba-modelfile-"))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

let dirCounter = 0
const freshDir = (): string => {
  const dir = path.join(root, String(++dirCounter))
  fs.mkdirSync(dir)
  return dir
}

const model = (payload: unknown): Uint8Array =>
  encodeModelFile({ type: "classifier", id: "m", config: "{}", driverPayload: payload, timestamp: 100 })

const rejection = async (p: Promise<unknown>): Promise<ModelFileError> => {
  try {
    await p
  } catch (e) {
    if (e instanceof ModelFileError) return e
    throw e
  }
  throw new Error("expected a ModelFileError")
}

describe("writeModelFileAtomically", () => {
  test("creates the file, then replaces it, leaving nothing else in the directory", async () => {
    const dir = freshDir()
    const target = path.join(dir, "127.0.0.1_9199_classifier_m.jubatus")
    await writeModelFileAtomically(target, model("old"))
    expect(decodeModelFile(fs.readFileSync(target)).driverPayload).toBe("old")
    await writeModelFileAtomically(target, model("new"))
    expect(decodeModelFile(fs.readFileSync(target)).driverPayload).toBe("new")
    expect(fs.readdirSync(dir)).toEqual(["127.0.0.1_9199_classifier_m.jubatus"])
  })

  test("writes chunks in order", async () => {
    const target = path.join(freshDir(), "chunks.jubatus")
    const bytes = model([1, 2, 3])
    await writeModelFileAtomically(target, [bytes.subarray(0, 10), bytes.subarray(10, 48), bytes.subarray(48)])
    expect([...fs.readFileSync(target)]).toEqual([...bytes])
  })

  test("keeps the previous file byte for byte when the data fails half-way", async () => {
    const dir = freshDir()
    const target = path.join(dir, "m.jubatus")
    const old = model("old")
    fs.writeFileSync(target, old)
    const fresh = model("x".repeat(100_000))
    function* failing(): Generator<Uint8Array> {
      yield fresh.subarray(0, 50_000)
      throw new Error("encoder ran out of memory")
    }
    const e = await rejection(writeModelFileAtomically(target, failing()))
    expect(e.message).toBe(`cannot write output file "${target}": encoder ran out of memory`)
    expect(e.reason).toBe("WriteFailed")
    expect([...fs.readFileSync(target)]).toEqual([...old])
    expect(fs.readdirSync(dir)).toEqual(["m.jubatus"])
  })

  test("reports a directory that does not exist as an output file it cannot open", async () => {
    const target = path.join(root, "missing", "m.jubatus")
    const e = await rejection(writeModelFileAtomically(target, model(1)))
    expect(e.message.startsWith(`cannot open output file "${target}": `)).toBe(true)
    expect(e.message).toContain("ENOENT")
    expect(e.reason).toBe("WriteFailed")
  })

  test("removes its temporary file when the final rename fails", async () => {
    const dir = freshDir()
    const target = path.join(dir, "m.jubatus")
    fs.mkdirSync(path.join(target, "occupied"), { recursive: true })
    const e = await rejection(writeModelFileAtomically(target, model(1)))
    expect(e.message.startsWith(`cannot write output file "${target}": `)).toBe(true)
    expect(fs.readdirSync(dir)).toEqual(["m.jubatus"])
    expect(fs.statSync(target).isDirectory()).toBe(true)
  })

  test("refuses a second save to the same file while the first is under way", async () => {
    const dir = freshDir()
    const target = path.join(dir, "m.jubatus")
    const first = writeModelFileAtomically(target, model("first"))
    // The same file by another spelling of its path.
    const second = writeModelFileAtomically(path.join(dir, ".", "m.jubatus"), model("second"))
    const e = await rejection(second)
    expect(e.message).toBe("cannot get the lock of file; any RPC is saving to same file?")
    expect(e.reason).toBe("Locked")
    await first
    expect(decodeModelFile(fs.readFileSync(target)).driverPayload).toBe("first")
  })

  test("lets saves to different files run together", async () => {
    const dir = freshDir()
    const a = path.join(dir, "a.jubatus")
    const b = path.join(dir, "b.jubatus")
    await Promise.all([writeModelFileAtomically(a, model("a")), writeModelFileAtomically(b, model("b"))])
    expect(decodeModelFile(fs.readFileSync(a)).driverPayload).toBe("a")
    expect(decodeModelFile(fs.readFileSync(b)).driverPayload).toBe("b")
  })

  test("releases the lock after a save, whether it succeeded or failed", async () => {
    const dir = freshDir()
    const target = path.join(dir, "m.jubatus")
    await writeModelFileAtomically(target, model(1))
    function* failing(): Generator<Uint8Array> {
      throw new Error("boom")
    }
    await rejection(writeModelFileAtomically(target, failing()))
    await writeModelFileAtomically(target, model(3))
    expect(decodeModelFile(fs.readFileSync(target)).driverPayload).toBe(3)
  })

  test("a process killed in the middle of a save leaves the previous file loadable", async () => {
    const dir = freshDir()
    const target = path.join(dir, "m.jubatus")
    const old = model("old")
    fs.writeFileSync(target, old)
    const modulePath = path.resolve(import.meta.dir, "../../src/server/writeModelFileAtomically.ts")
    const script = path.join(dir, "crash.ts")
    fs.writeFileSync(
      script,
      `import { writeModelFileAtomically } from ${JSON.stringify(modulePath)}
function* chunks() {
  yield new Uint8Array(4096).fill(0x6a)
  process.kill(process.pid, "SIGKILL")
  yield new Uint8Array(4096)
}
await writeModelFileAtomically(${JSON.stringify(target)}, chunks())
`
    )
    const runArgs = "Deno" in globalThis ? ["run", "-A", script] : ["run", script]
    const child = spawnSync(process.execPath, runArgs, { encoding: "utf8", timeout: 30_000 })
    expect(child.signal).toBe("SIGKILL")
    expect([...fs.readFileSync(target)]).toEqual([...old])
    expect(decodeModelFile(fs.readFileSync(target)).driverPayload).toBe("old")
    // The half-written temporary file stays behind under a name no load will look for.
    const leftovers = fs.readdirSync(dir).filter((f) => f !== "m.jubatus" && f !== "crash.ts")
    expect(leftovers.length).toBe(1)
    expect(leftovers[0]).toMatch(/^\.m\.jubatus\.\d+\.\d+\.tmp$/)
    expect(fs.statSync(path.join(dir, leftovers[0])).size).toBe(4096)
    await writeModelFileAtomically(target, model("after"))
    expect(decodeModelFile(fs.readFileSync(target)).driverPayload).toBe("after")
  })
})
