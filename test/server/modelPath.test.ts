import { describe, expect, test } from "bun:test"
import { ModelFileError } from "../../src/server/ModelFileError.ts"
import { modelFilePath, validateModelId } from "../../src/server/modelPath.ts"

const messageOf = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    if (e instanceof ModelFileError) return e.message
    throw e
  }
  return "(no error)"
}

describe("modelPath", () => {
  test("names the file <datadir>/<ip>_<port>_<type>_<id>.jubatus", () => {
    expect(modelFilePath("/tmp", "192.168.0.1", 9199, "classifier", "snap 1")).toBe(
      "/tmp/192.168.0.1_9199_classifier_snap 1.jubatus"
    )
  })

  test("joins datadir as plain text, like Jubatus", () => {
    expect(modelFilePath("data/", "127.0.0.1", 1, "stat", "x")).toBe("data//127.0.0.1_1_stat_x.jubatus")
  })

  test("refuses an empty id", () => {
    expect(messageOf(() => validateModelId(""))).toBe("empty id is not allowed")
  })

  test("refuses a slash, control characters, DEL and anything beyond ASCII", () => {
    for (const id of ["a/b", "/", "..\u002f..", "tab\there", "nl\n", "\u0000", "del\u007f", "caf\u00e9", "\u{1f600}"])
      expect(messageOf(() => validateModelId(id))).toBe("model ID contains invalid character")
  })

  test("accepts every printable ASCII character but the slash", () => {
    let all = ""
    for (let c = 0x20; c <= 0x7e; c++) if (c !== 0x2f) all += String.fromCharCode(c)
    expect(all.length).toBe(94)
    expect(() => validateModelId(all)).not.toThrow()
    expect(() => validateModelId(" ")).not.toThrow()
    expect(() => validateModelId("..")).not.toThrow()
  })

  test("tags id errors with the InvalidId reason", () => {
    try {
      validateModelId("")
      throw new Error("expected a ModelFileError")
    } catch (e) {
      expect(e).toBeInstanceOf(ModelFileError)
      expect((e as ModelFileError).reason).toBe("InvalidId")
    }
  })
})
