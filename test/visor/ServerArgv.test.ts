import { describe, expect, test } from "bun:test"
import { Invalid } from "../../src/engine/WireType.ts"
import { decodeValue } from "../../src/rpc/MsgpackReader.ts"
import { MsgpackWriter } from "../../src/rpc/MsgpackWriter.ts"
import { childArguments, defaultServerArgv, parseTarget, serverArgvType, type ServerArgv } from "../../src/visor/ServerArgv.ts"

const jubactlArgv: ServerArgv = {
  ...defaultServerArgv,
  bindIf: "eth0",
  threadnum: 4,
  timeout: 30,
  programName: "classifier",
  z: "zk1:2181,zk2:2181",
  name: "jubaclassifier/tutorial",
  datadir: "/var/lib/juba",
  logdir: "/var/log/juba",
  logConfig: "log4j.xml",
  mixer: "random_mixer",
  intervalSec: 7,
  intervalCount: 100,
  zookeeperTimeout: 20,
  interconnectTimeout: 5
}

const encode = (argv: ServerArgv): Uint8Array => {
  const w = new MsgpackWriter(256)
  serverArgvType.write(w, argv)
  return w.toBytes()
}

describe("ServerArgv", () => {
  test("goes on the wire as the 20-element array of server_argv's MSGPACK_DEFINE order", () => {
    expect(decodeValue(encode(jubactlArgv))).toEqual([
      9199, "", "eth0", 30, 20, 5, 4, "classifier", "", "zk1:2181,zk2:2181", "jubaclassifier/tutorial", "/var/lib/juba",
      "/var/log/juba", "log4j.xml", "localhost", 7, 100, "random_mixer", false, false
    ])
  })

  test("decodes what it encodes, field for field", () => {
    expect(serverArgvType.check(decodeValue(encode(jubactlArgv)))).toEqual(jubactlArgv)
  })

  test("refuses an array of 19 fields or a string where a number belongs", () => {
    const row = decodeValue(encode(jubactlArgv)) as Array<unknown>
    expect(serverArgvType.check(row.slice(0, 19))).toBe(Invalid)
    const wrong = [...row]
    wrong[0] = "9199"
    expect(serverArgvType.check(wrong)).toBe(Invalid)
  })

  test("builds the child's command line in jubavisor's order with the visor's ZooKeeper, name and port", () => {
    expect(childArguments(jubactlArgv, "127.0.0.1:2181", "tutorial", 9301)).toEqual([
      "-z", "127.0.0.1:2181", "-n", "tutorial", "-p", "9301", "-B", "eth0", "-c", "4", "-t", "30", "-Z", "20", "-I", "5",
      "-d", "/var/lib/juba", "-l", "/var/log/juba", "-g", "log4j.xml", "-s", "7", "-i", "100", "-x", "random_mixer"
    ])
  })

  test("passes empty strings as empty arguments and leaves out an empty mixer", () => {
    const args = childArguments({ ...defaultServerArgv, datadir: "/tmp" }, "zk:1", "n", 1)
    expect(args.slice(6, 8)).toEqual(["-B", ""])
    expect(args.slice(18, 22)).toEqual(["-l", "", "-g", ""])
    expect(args).not.toContain("-x")
  })

  test("splits <server>/<name> at the first slash and refuses spaces and empty halves", () => {
    expect(parseTarget("jubaclassifier/tutorial")).toEqual({ server: "jubaclassifier", name: "tutorial" })
    expect(parseTarget("jubaclassifier/a/b")).toEqual({ server: "jubaclassifier", name: "a/b" })
    expect(parseTarget("alone")).toEqual({ server: "alone", name: "alone" })
    expect(parseTarget("jubaclassifier/my name")).toBeUndefined()
    expect(parseTarget("/tutorial")).toBeUndefined()
    expect(parseTarget("jubaclassifier/")).toBeUndefined()
  })
})
