import { describe, expect, test } from "bun:test"
import { requestOutcome, requestPrefix, statusSection } from "../../src/ctl/ctlOutput.ts"

describe("ctlOutput", () => {
  test("a request line reads as jubactl prints it, completed by ok. or failed.", () => {
    expect(requestPrefix("start", "jubaclassifier/tutorial", "192.0.2.2_9198") + requestOutcome(true)).toBe(
      "sending start / jubaclassifier/tutorial to 192.0.2.2_9198...ok.\n"
    )
    expect(requestOutcome(false)).toBe("failed.\n")
  })

  test("a status section has a blue header and one member a line, unindented", () => {
    expect(statusSection("jubavisor", ["192.0.2.2_9198", "192.0.2.3_9198"])).toBe(
      "\u001b[34mactive jubavisor members:\u001b[0m\n192.0.2.2_9198\n192.0.2.3_9198\n"
    )
  })

  test("without color the header is plain, and an empty section is its header alone", () => {
    expect(statusSection("tutorial", [], false)).toBe("active tutorial members:\n")
  })
})
