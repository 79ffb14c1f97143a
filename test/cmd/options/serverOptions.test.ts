import { describe, expect, test } from "bun:test"
import type { ParseOutcome } from "../../../cmd/options/OptionSpec.ts"
import { parseServerOptions, type ServerOptions } from "../../../cmd/options/serverOptions.ts"
import type { Invocation } from "../../../cmd/options/runtimeOptions.ts"

const legacy: Invocation = { progname: "jubaclassifier", type: "classifier" }
const verb: Invocation = { progname: "juba server", types: ["classifier", "regression"] }

const ok = (outcome: ParseOutcome<ServerOptions>): ServerOptions => {
  if (outcome._tag !== "Options") throw new Error(`expected Options, got ${JSON.stringify(outcome)}`)
  return outcome.values
}

const problem = (outcome: ParseOutcome<ServerOptions>): string => {
  if (outcome._tag !== "Invalid") throw new Error(`expected Invalid, got ${outcome._tag}`)
  return outcome.message
}

const usageLines = (outcome: ParseOutcome<ServerOptions>): Array<string> => {
  if (outcome._tag === "Help") return outcome.text.split("\n")
  if (outcome._tag === "Invalid") return outcome.usage.split("\n")
  throw new Error(`expected usage, got ${outcome._tag}`)
}

describe("parseServerOptions", () => {
  test("a standalone server with a config file gets Jubatus's defaults and juba's", () => {
    expect(ok(parseServerOptions(["-f", "/etc/c.json"], legacy))).toEqual({
      type: "classifier",
      rpcPort: 9199,
      listenAddr: "",
      listenIf: "",
      thread: 2,
      timeout: 10,
      datadir: "/tmp",
      logdir: "",
      logConfig: "",
      configpath: "/etc/c.json",
      modelFile: "",
      daemon: false,
      configTest: false,
      mixer: "linear_mixer",
      intervalSec: 16,
      intervalCount: 512,
      zookeeperTimeout: 10,
      interconnectTimeout: 10,
      httpPort: 0,
      logFormat: "text",
      maxMessageSize: 67108864,
      maxConnections: 10000,
    })
  })

  test("every short letter sets its option", () => {
    const o = ok(
      parseServerOptions(
        [
          "-p", "9300", "-b", "10.0.0.2", "-B", "eth1", "-c", "8", "-t", "0", "-d", "/var/d", "-l", "/var/l",
          "-g", "log.xml", "-m", "m.jubatus", "-D", "-T", "-z", "zk1:2181,zk2:2181", "-n", "c1", "-x", "skip_mixer",
          "-s", "0", "-i", "100", "-Z", "30", "-I", "5",
        ],
        legacy,
      ),
    )
    expect(o.rpcPort).toBe(9300)
    expect(o.listenAddr).toBe("10.0.0.2")
    expect(o.listenIf).toBe("eth1")
    expect(o.thread).toBe(8)
    expect(o.timeout).toBe(0)
    expect(o.datadir).toBe("/var/d")
    expect(o.logdir).toBe("/var/l")
    expect(o.logConfig).toBe("log.xml")
    expect(o.modelFile).toBe("m.jubatus")
    expect(o.daemon).toBe(true)
    expect(o.configTest).toBe(true)
    expect(o.zookeeper).toBe("zk1:2181,zk2:2181")
    expect(o.name).toBe("c1")
    expect(o.mixer).toBe("skip_mixer")
    expect(o.intervalSec).toBe(0)
    expect(o.intervalCount).toBe(100)
    expect(o.zookeeperTimeout).toBe(30)
    expect(o.interconnectTimeout).toBe(5)
  })

  test("long forms, with a space or '=', and kebab spellings set the same options", () => {
    const o = ok(
      parseServerOptions(
        ["--rpc-port=9301", "--listen-addr", "127.0.0.1", "--model_file=m", "--config-test", "--interval-count=7"],
        legacy,
      ),
    )
    expect(o.rpcPort).toBe(9301)
    expect(o.listenAddr).toBe("127.0.0.1")
    expect(o.modelFile).toBe("m")
    expect(o.configTest).toBe(true)
    expect(o.intervalCount).toBe(7)
  })

  test("juba's own options are read with their defaults overridden", () => {
    const o = ok(
      parseServerOptions(
        ["-f", "c", "--http-port", "9100", "--log_format=json", "--max-message-size=1024", "--max_connections", "1"],
        legacy,
      ),
    )
    expect(o.httpPort).toBe(9100)
    expect(o.logFormat).toBe("json")
    expect(o.maxMessageSize).toBe(1024)
    expect(o.maxConnections).toBe(1)
  })

  test("juba's own options refuse values outside their ranges", () => {
    expect(problem(parseServerOptions(["-f", "c", "--http-port=65536"], legacy))).toBe(
      "option value is invalid: --http-port=65536",
    )
    expect(problem(parseServerOptions(["-f", "c", "--http-port=-1"], legacy))).toBe(
      "option value is invalid: --http-port=-1",
    )
    expect(problem(parseServerOptions(["-f", "c", "--log_format=xml"], legacy))).toBe(
      "option value is invalid: --log_format=xml",
    )
    expect(problem(parseServerOptions(["-f", "c", "--max_message_size=1023"], legacy))).toBe(
      "option value is invalid: --max_message_size=1023",
    )
    expect(problem(parseServerOptions(["-f", "c", "--max_connections=0"], legacy))).toBe(
      "option value is invalid: --max_connections=0",
    )
  })

  test("Jubatus's ranges hold: port 1..65535, at least one thread, no negative timeout or interval", () => {
    expect(problem(parseServerOptions(["-f", "c", "-p", "0"], legacy))).toBe("option value is invalid: --rpc-port=0")
    expect(problem(parseServerOptions(["-f", "c", "-p", "abc"], legacy))).toBe("option value is invalid: --rpc-port=abc")
    expect(problem(parseServerOptions(["-f", "c", "-c", "0"], legacy))).toBe("option value is invalid: --thread=0")
    expect(problem(parseServerOptions(["-f", "c", "-t", "-1"], legacy))).toBe("option value is invalid: --timeout=-1")
    expect(problem(parseServerOptions(["-f", "c", "-s", "-1"], legacy))).toBe(
      "option value is invalid: --interval_sec=-1",
    )
    expect(problem(parseServerOptions(["-f", "c", "-i", "-1"], legacy))).toBe(
      "option value is invalid: --interval_count=-1",
    )
  })

  test("a mixer must be one of the four strategies", () => {
    for (const mixer of ["linear_mixer", "random_mixer", "broadcast_mixer", "skip_mixer"]) {
      expect(ok(parseServerOptions(["-f", "c", "-x", mixer], legacy)).mixer).toBe(mixer as ServerOptions["mixer"])
    }
    expect(problem(parseServerOptions(["-f", "c", "-x", "dummy_mixer"], legacy))).toBe(
      "option value is invalid: --mixer=dummy_mixer",
    )
  })

  test("multinode mode needs a name", () => {
    const outcome = parseServerOptions(["-z", "localhost:2181"], legacy)
    expect(problem(outcome)).toBe("can't start multinode mode without name specified")
    expect(usageLines(outcome)[0]).toBe("usage: jubaclassifier [options] ... ")
  })

  test("standalone mode needs a config file or a model file", () => {
    expect(problem(parseServerOptions([], legacy))).toBe(
      "config path or model file must be specified for standalone mode",
    )
    expect(problem(parseServerOptions(["-n", "c1"], legacy))).toBe(
      "config path or model file must be specified for standalone mode",
    )
    expect(ok(parseServerOptions(["-m", "/tmp/m.jubatus"], legacy)).modelFile).toBe("/tmp/m.jubatus")
  })

  test("an empty ZooKeeper location means standalone", () => {
    const o = ok(parseServerOptions(["-z", "", "-f", "c"], legacy))
    expect(o.zookeeper).toBeUndefined()
    expect(o.name).toBeUndefined()
  })

  test("a distributed server needs both timeouts at least 1, a standalone one does not", () => {
    const zk = ["-z", "zk:2181", "-n", "c1"]
    expect(problem(parseServerOptions([...zk, "-Z", "0"], legacy))).toBe(
      "can't start with zookeeper_timeout less than 1",
    )
    expect(problem(parseServerOptions([...zk, "-I", "-3"], legacy))).toBe(
      "can't start with interconnect_timeout less than 1",
    )
    expect(problem(parseServerOptions([...zk, "-Z", "0", "-I", "0"], legacy))).toBe(
      "can't start with zookeeper_timeout less than 1",
    )
    const standalone = ok(parseServerOptions(["-f", "c", "-Z", "0", "-I", "0"], legacy))
    expect(standalone.zookeeperTimeout).toBe(0)
    const distributed = ok(parseServerOptions([...zk, "-Z", "1", "-I", "1"], legacy))
    expect([distributed.zookeeper, distributed.name, distributed.configpath]).toEqual(["zk:2181", "c1", ""])
  })

  test("a missing name is reported before a missing config", () => {
    expect(problem(parseServerOptions(["-z", "zk:2181", "-Z", "0"], legacy))).toBe(
      "can't start multinode mode without name specified",
    )
  })

  test("help and version come before the program's own checks", () => {
    expect(parseServerOptions(["--help"], legacy)._tag).toBe("Help")
    expect(parseServerOptions(["-v"], legacy)._tag).toBe("Version")
    expect(parseServerOptions(["-z", "zk:2181", "--version"], legacy)._tag).toBe("Version")
  })

  test("an unknown option is reported with the usage", () => {
    const outcome = parseServerOptions(["-f", "c", "--foo"], legacy)
    expect(problem(outcome)).toBe("undefined option: --foo")
    expect(usageLines(outcome)[1]).toBe("options:")
  })

  test("the legacy program name implies the type, so --type is unknown there", () => {
    expect(problem(parseServerOptions(["-f", "c", "--type", "classifier"], legacy))).toBe("undefined option: --type")
  })

  test("the verb form requires --type and takes only the listed types", () => {
    expect(ok(parseServerOptions(["--type", "regression", "-f", "c"], verb)).type).toBe("regression")
    expect(problem(parseServerOptions(["-f", "c"], verb))).toBe("need option: --type")
    expect(problem(parseServerOptions(["--type=graph", "-f", "c"], verb))).toBe("option value is invalid: --type=graph")
    expect(parseServerOptions([], verb)._tag).toBe("Help")
    expect(parseServerOptions(["--version"], verb)._tag).toBe("Version")
  })

  test("the usage lists options in Jubatus's layout with juba's additions", () => {
    const lines = usageLines(parseServerOptions(["-?"], legacy))
    expect(lines[0]).toBe("usage: jubaclassifier [options] ... ")
    expect(lines[2]).toBe("  -p, --rpc-port                port number (int [=9199])")
    expect(lines).toContain("  -d, --datadir                 directory to save and load models (string [=/tmp])")
    expect(lines).toContain("  -D, --daemon                  launch in daemon mode")
    expect(lines).toContain("  -I, --interconnect_timeout    interconnect time out between servers (sec) (int [=10])")
    expect(lines).toContain("      --http-port               port of the HTTP metrics endpoint, 0 = none (int [=0])")
    expect(lines.at(-3)).toBe("  -v, --version                 version")
    expect(lines.at(-2)).toBe("  -?, --help                    print this message")
    expect(lines.at(-1)).toBe("")
  })

  test("the verb form's usage line shows --type as required", () => {
    const lines = usageLines(parseServerOptions(["--help"], verb))
    expect(lines[0]).toBe("usage: juba server --type=string [options] ... ")
    expect(lines[2]).toBe("      --type                    engine type (classifier, regression, ...) (string)")
  })
})
