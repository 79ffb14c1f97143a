import { describe, expect, test } from "bun:test"
import type { ParseOutcome } from "../../../cmd/options/OptionSpec.ts"
import { parseCtlOptions, type CtlOptions } from "../../../cmd/options/ctlOptions.ts"

const base = ["-c", "start", "-s", "jubaclassifier", "-n", "tutorial", "-t", "classifier"]

const ok = (outcome: ParseOutcome<CtlOptions>): CtlOptions => {
  if (outcome._tag !== "Options") throw new Error(`expected Options, got ${JSON.stringify(outcome)}`)
  return outcome.values
}

describe("parseCtlOptions", () => {
  test("the four required options and -z give Jubatus's [start] defaults", () => {
    expect(ok(parseCtlOptions([...base, "-z", "zk:2181"], "jubactl", {}))).toEqual({
      cmd: "start",
      server: "jubaclassifier",
      name: "tutorial",
      type: "classifier",
      num: 0,
      zookeeper: "zk:2181",
      id: "tutorial",
      listenIf: "",
      thread: 2,
      timeout: 10,
      datadir: "/tmp",
      logdir: "",
      logConfig: "",
      mixer: "linear_mixer",
      intervalSec: 16,
      intervalCount: 512,
      zookeeperTimeout: 10,
      interconnectTimeout: 10,
      debug: false,
    })
  })

  test("the ZooKeeper location falls back to the ZK environment variable", () => {
    expect(ok(parseCtlOptions(base, "jubactl", { ZK: "env:2181" })).zookeeper).toBe("env:2181")
  })

  test("-z wins over the ZK environment variable", () => {
    expect(ok(parseCtlOptions([...base, "-z", "opt:2181"], "jubactl", { ZK: "env:2181" })).zookeeper).toBe("opt:2181")
  })

  test("without -z or ZK the controller refuses with the usage", () => {
    for (const env of [{}, { ZK: "" }]) {
      const outcome = parseCtlOptions(base, "jubactl", env)
      expect(outcome).toMatchObject({
        _tag: "Invalid",
        message: "can't get ZK location: set 'ZK' environment or specify '-z <somezkaddrs>'",
      })
      expect(outcome._tag === "Invalid" && outcome.usage.split("\n")[0]).toBe(
        "usage: jubactl --cmd=string --server=string --name=string --type=string [options] ... ",
      )
    }
  })

  test("every short letter sets its option, the capitals being the ones handed to servers", () => {
    const o = ok(
      parseCtlOptions(
        ["-c", "save", "-s", "jubaregression", "-n", "n1", "-t", "regression", "-N", "6", "-z", "z:1", "-i", "snap",
          "-B", "eth0", "-C", "3", "-T", "20", "-D", "/d", "-L", "/l", "-G", "g.xml", "-X", "random_mixer", "-S", "4",
          "-I", "64", "-Z", "11", "-R", "12", "-d"],
        "jubactl",
        {},
      ),
    )
    expect([o.cmd, o.server, o.name, o.type, o.num, o.zookeeper, o.id]).toEqual([
      "save", "jubaregression", "n1", "regression", 6, "z:1", "snap",
    ])
    expect([o.listenIf, o.thread, o.timeout, o.datadir, o.logdir, o.logConfig]).toEqual([
      "eth0", 3, 20, "/d", "/l", "g.xml",
    ])
    expect([o.mixer, o.intervalSec, o.intervalCount, o.zookeeperTimeout, o.interconnectTimeout, o.debug]).toEqual([
      "random_mixer", 4, 64, 11, 12, true,
    ])
  })

  test("a missing required option is named, the first in name order", () => {
    expect(parseCtlOptions(["-c", "status", "-z", "z:1"], "jubactl", {})).toMatchObject({
      _tag: "Invalid",
      message: "need option: --name",
    })
    expect(parseCtlOptions(["-c", "status", "-n", "x", "-s", "jubaclassifier"], "jubactl", {})).toMatchObject({
      _tag: "Invalid",
      message: "need option: --type",
    })
  })

  test("no argument at all shows the usage", () => {
    expect(parseCtlOptions([], "jubactl", {})._tag).toBe("Help")
  })

  test("an unknown command is refused after the ZooKeeper check", () => {
    const argv = ["-c", "restart", "-s", "jubaclassifier", "-n", "x", "-t", "classifier"]
    expect(parseCtlOptions(argv, "jubactl", { ZK: "z:1" })).toMatchObject({
      _tag: "Invalid",
      message: "unknown cmd: restart",
    })
    expect(parseCtlOptions(argv, "jubactl", {})).toMatchObject({
      _tag: "Invalid",
      message: "can't get ZK location: set 'ZK' environment or specify '-z <somezkaddrs>'",
    })
  })

  test("-N is unsigned", () => {
    expect(parseCtlOptions([...base, "-N", "-1"], "jubactl", { ZK: "z:1" })).toMatchObject({
      _tag: "Invalid",
      message: "option value is invalid: --num=-1",
    })
  })

  test("the usage shows -N as an unsigned int and the required options without defaults", () => {
    const outcome = parseCtlOptions(["--help"], "jubactl", {})
    const lines = outcome._tag === "Help" ? outcome.text.split("\n") : []
    expect(lines[2]).toBe("  -c, --cmd                     command to send servers (start|stop|save|load|status) (string)")
    expect(lines[6]).toBe(
      "  -N, --num                     num of process in the whole cluster (one on each server when 0) (unsigned int [=0])",
    )
  })
})
