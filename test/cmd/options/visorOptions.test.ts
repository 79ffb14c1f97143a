import { describe, expect, test } from "bun:test"
import { parseVisorOptions } from "../../../cmd/options/visorOptions.ts"

describe("parseVisorOptions", () => {
  test("a visor with only -z gets port 9198 and logdir /tmp", () => {
    const outcome = parseVisorOptions(["-z", "zk:2181"], "jubavisor")
    expect(outcome).toEqual({
      _tag: "Options",
      values: { rpcPort: 9198, zookeeper: "zk:2181", logdir: "/tmp", logConfig: "", timeout: 10, daemon: false },
    })
  })

  test("every short letter sets its option; -d is daemon here, not a directory", () => {
    const outcome = parseVisorOptions(["-p", "9500", "-z", "a:1", "-l", "/l", "-g", "g.xml", "-t", "5", "-d"], "jubavisor")
    expect(outcome).toEqual({
      _tag: "Options",
      values: { rpcPort: 9500, zookeeper: "a:1", logdir: "/l", logConfig: "g.xml", timeout: 5, daemon: true },
    })
  })

  test("a visor started with no argument prints its usage instead of failing", () => {
    const outcome = parseVisorOptions([], "jubavisor")
    expect(outcome._tag).toBe("Help")
    expect(outcome._tag === "Help" && outcome.text.split("\n")[0]).toBe("usage: jubavisor --zookeeper=string [options] ... ")
  })

  test("a visor given options but no -z is refused", () => {
    expect(parseVisorOptions(["-p", "9500"], "jubavisor")).toMatchObject({
      _tag: "Invalid",
      message: "need option: --zookeeper",
    })
  })

  test("the port must be within 1..65535", () => {
    expect(parseVisorOptions(["-z", "a:1", "-p", "70000"], "jubavisor")).toMatchObject({
      _tag: "Invalid",
      message: "option value is invalid: --rpc-port=70000",
    })
  })
})
