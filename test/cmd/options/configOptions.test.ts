import { describe, expect, test } from "bun:test"
import { parseConfigOptions } from "../../../cmd/options/configOptions.ts"

describe("parseConfigOptions", () => {
  test("a write names the file, type, name and ZooKeeper", () => {
    expect(
      parseConfigOptions(["-c", "write", "-f", "c.json", "-t", "classifier", "-n", "tut", "-z", "zk:2181"], "jubaconfig", {}),
    ).toEqual({
      _tag: "Options",
      values: { cmd: "write", file: "c.json", type: "classifier", name: "tut", zookeeper: "zk:2181", debug: false },
    })
  })

  test("list needs neither type nor name, and ZK comes from the environment", () => {
    expect(parseConfigOptions(["--cmd=list", "-d"], "jubaconfig", { ZK: "e:1" })).toEqual({
      _tag: "Options",
      values: { cmd: "list", file: "", type: "", name: "", zookeeper: "e:1", debug: true },
    })
  })

  test("without -z or ZK the tool refuses before looking at the command", () => {
    expect(parseConfigOptions(["-c", "bogus"], "jubaconfig", {})).toMatchObject({
      _tag: "Invalid",
      message: "can't get ZK location: set 'ZK' environment or specify '-z <somezkaddrs>'",
    })
  })

  test("write, read and delete need both a type and a name, and say what they got", () => {
    for (const cmd of ["write", "read", "delete"]) {
      expect(parseConfigOptions(["-c", cmd, "-t", "classifier"], "jubaconfig", { ZK: "z:1" })).toMatchObject({
        _tag: "Invalid",
        message: `can't excute ${cmd} without type and name specified\ntype: classifier name: `,
      })
    }
    expect(parseConfigOptions(["-c", "read", "-n", "tut"], "jubaconfig", { ZK: "z:1" })).toMatchObject({
      _tag: "Invalid",
      message: "can't excute read without type and name specified\ntype:  name: tut",
    })
  })

  test("an unknown command is refused with the usage", () => {
    const outcome = parseConfigOptions(["-c", "show"], "jubaconfig", { ZK: "z:1" })
    expect(outcome).toMatchObject({ _tag: "Invalid", message: "unknown cmd: show" })
    expect(outcome._tag === "Invalid" && outcome.usage.split("\n")[0]).toBe("usage: jubaconfig --cmd=string [options] ... ")
  })

  test("no argument at all shows the usage; arguments without -c are refused", () => {
    expect(parseConfigOptions([], "jubaconfig", {})._tag).toBe("Help")
    expect(parseConfigOptions(["-t", "x"], "jubaconfig", {})).toMatchObject({
      _tag: "Invalid",
      message: "need option: --cmd",
    })
  })
})
