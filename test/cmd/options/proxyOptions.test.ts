import { describe, expect, test } from "bun:test"
import type { ParseOutcome } from "../../../cmd/options/OptionSpec.ts"
import { parseProxyOptions, type ProxyOptions } from "../../../cmd/options/proxyOptions.ts"

const legacy = { progname: "jubaclassifier_proxy", type: "classifier" }

const ok = (outcome: ParseOutcome<ProxyOptions>): ProxyOptions => {
  if (outcome._tag !== "Options") throw new Error(`expected Options, got ${JSON.stringify(outcome)}`)
  return outcome.values
}

const problem = (outcome: ParseOutcome<ProxyOptions>): string => {
  if (outcome._tag !== "Invalid") throw new Error(`expected Invalid, got ${outcome._tag}`)
  return outcome.message
}

describe("parseProxyOptions", () => {
  test("a proxy started bare gets Jubatus's defaults: four threads, local ZooKeeper, pool of 60 s", () => {
    expect(ok(parseProxyOptions([], legacy))).toEqual({
      type: "classifier",
      rpcPort: 9199,
      listenAddr: "",
      listenIf: "",
      thread: 4,
      timeout: 10,
      zookeeperTimeout: 10,
      interconnectTimeout: 10,
      daemon: false,
      zookeeper: "localhost:2181",
      poolExpire: 60,
      poolSize: 0,
      logdir: "",
      logConfig: "",
      httpPort: 0,
      logFormat: "text",
      maxMessageSize: 67108864,
      maxConnections: 10000,
    })
  })

  test("every short letter sets its option", () => {
    const o = ok(
      parseProxyOptions(
        ["-p", "9400", "-b", "10.1.1.1", "-B", "lo", "-c", "1", "-t", "3", "-Z", "2", "-I", "4", "-D", "-z", "zk:1",
          "-E", "0", "-S", "16", "-l", "/logs", "-g", "l.xml"],
        legacy,
      ),
    )
    expect([o.rpcPort, o.listenAddr, o.listenIf, o.thread, o.timeout]).toEqual([9400, "10.1.1.1", "lo", 1, 3])
    expect([o.zookeeperTimeout, o.interconnectTimeout, o.daemon, o.zookeeper]).toEqual([2, 4, true, "zk:1"])
    expect([o.poolExpire, o.poolSize, o.logdir, o.logConfig]).toEqual([0, 16, "/logs", "l.xml"])
  })

  test("a proxy has no --name", () => {
    expect(problem(parseProxyOptions(["--name", "c1"], legacy))).toBe("undefined option: --name")
    expect(problem(parseProxyOptions(["-n", "c1"], legacy))).toBe("undefined short option: -n")
  })

  test("pool settings refuse negatives", () => {
    expect(problem(parseProxyOptions(["-E", "-1"], legacy))).toBe("option value is invalid: --pool_expire=-1")
    expect(problem(parseProxyOptions(["--pool_size=-2"], legacy))).toBe("option value is invalid: --pool_size=-2")
  })

  test("both timeouts must be at least 1 whatever the ZooKeeper location", () => {
    const outcome = parseProxyOptions(["-Z", "0"], legacy)
    expect(problem(outcome)).toBe("can't start with zookeeper_timeout less than 1")
    expect(outcome._tag === "Invalid" && outcome.usage.startsWith("usage: jubaclassifier_proxy [options] ... \n")).toBe(
      true,
    )
    expect(problem(parseProxyOptions(["--interconnect_timeout=0"], legacy))).toBe(
      "can't start with interconnect_timeout less than 1",
    )
  })

  test("the verb form requires --type", () => {
    const verb = { progname: "juba proxy" }
    expect(ok(parseProxyOptions(["--type", "anomaly"], verb)).type).toBe("anomaly")
    expect(problem(parseProxyOptions(["-p", "9000"], verb))).toBe("need option: --type")
  })

  test("juba's additions are accepted by proxies too", () => {
    const o = ok(parseProxyOptions(["--http_port=9101", "--log-format", "json"], legacy))
    expect([o.httpPort, o.logFormat]).toEqual([9101, "json"])
  })

  test("the usage shows the proxy's defaults", () => {
    const outcome = parseProxyOptions(["--help"], legacy)
    const lines = outcome._tag === "Help" ? outcome.text.split("\n") : []
    expect(lines).toContain("  -c, --thread                  concurrency = thread number (int [=4])")
    expect(lines).toContain("  -z, --zookeeper               zookeeper location (string [=localhost:2181])")
    expect(lines).toContain("  -S, --pool_size               session-pool maximum size (int [=0])")
  })
})
