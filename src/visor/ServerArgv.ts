// The server arguments jubactl hands jubavisor with `start` (Jubatus framework::server_argv, a
// 20-element MessagePack array) and the command line jubavisor builds from them for a child
// (jubavisor/process.cpp `spawn_link`).
import { Invalid, type WireType } from "../engine/WireType.ts"
import * as W from "../engine/WireType.ts"

export interface ServerArgv {
  readonly port: number
  readonly bindAddress: string
  readonly bindIf: string
  readonly timeout: number
  readonly zookeeperTimeout: number
  readonly interconnectTimeout: number
  readonly threadnum: number
  readonly programName: string
  readonly type: string
  readonly z: string
  /** `<server>/<name>` as jubactl fills it. */
  readonly name: string
  readonly datadir: string
  readonly logdir: string
  readonly logConfig: string
  readonly eth: string
  readonly intervalSec: number
  readonly intervalCount: number
  readonly mixer: string
  readonly daemon: boolean
  readonly configTest: boolean
}

/** What a default-constructed server_argv holds; jubactl overwrites the fields it knows. */
export const defaultServerArgv: ServerArgv = {
  port: 9199,
  bindAddress: "",
  bindIf: "",
  timeout: 10,
  zookeeperTimeout: 10,
  interconnectTimeout: 10,
  threadnum: 2,
  programName: "",
  type: "",
  z: "",
  name: "",
  datadir: "/tmp",
  logdir: "",
  logConfig: "",
  eth: "localhost",
  intervalSec: 5,
  intervalCount: 1024,
  mixer: "",
  daemon: false,
  configTest: false
}

type Row = [
  number, string, string, number, number, number, number, string, string, string,
  string, string, string, string, string, number, number, string, boolean, boolean
]

// Field order of MSGPACK_DEFINE in server_util.hpp: the wire format is this order and nothing else.
const row = W.tuple<Row>(
  "server_argv",
  W.int, W.string, W.string, W.int, W.int, W.int, W.int, W.string, W.string, W.string,
  W.string, W.string, W.string, W.string, W.string, W.int, W.int, W.string, W.bool, W.bool
)

const toRow = (a: ServerArgv): Row => [
  a.port, a.bindAddress, a.bindIf, a.timeout, a.zookeeperTimeout, a.interconnectTimeout, a.threadnum,
  a.programName, a.type, a.z, a.name, a.datadir, a.logdir, a.logConfig, a.eth, a.intervalSec,
  a.intervalCount, a.mixer, a.daemon, a.configTest
]

const fromRow = (r: Row): ServerArgv => ({
  port: r[0],
  bindAddress: r[1],
  bindIf: r[2],
  timeout: r[3],
  zookeeperTimeout: r[4],
  interconnectTimeout: r[5],
  threadnum: r[6],
  programName: r[7],
  type: r[8],
  z: r[9],
  name: r[10],
  datadir: r[11],
  logdir: r[12],
  logConfig: r[13],
  eth: r[14],
  intervalSec: r[15],
  intervalCount: r[16],
  mixer: r[17],
  daemon: r[18],
  configTest: r[19]
})

export const serverArgvType: WireType<ServerArgv> = {
  idl: "server_argv",
  check: (v) => {
    const r = row.check(v)
    return r === Invalid ? Invalid : fromRow(r)
  },
  zero: () => defaultServerArgv,
  write: (w, v) => row.write(w, toRow(v))
}

/**
 * The options a child server gets, in jubavisor's order. ZooKeeper is the visor's own, the name and
 * port are the visor's choice; the rest comes from jubactl. An empty mixer is left out so that the
 * server's default applies rather than a refusal.
 */
export const childArguments = (argv: ServerArgv, zookeeper: string, name: string, port: number): Array<string> => [
  "-z", zookeeper,
  "-n", name,
  "-p", String(port),
  "-B", argv.bindIf,
  "-c", String(argv.threadnum),
  "-t", String(argv.timeout),
  "-Z", String(argv.zookeeperTimeout),
  "-I", String(argv.interconnectTimeout),
  "-d", argv.datadir,
  "-l", argv.logdir,
  "-g", argv.logConfig,
  "-s", String(argv.intervalSec),
  "-i", String(argv.intervalCount),
  ...(argv.mixer === "" ? [] : ["-x", argv.mixer])
]

/** `jubaclassifier/tutorial` → its server and cluster name; undefined when jubavisor refuses it. */
export const parseTarget = (target: string): { readonly server: string; readonly name: string } | undefined => {
  if (target.includes(" ")) return undefined
  const cut = target.indexOf("/")
  const server = cut < 0 ? target : target.slice(0, cut)
  const name = cut < 0 ? target : target.slice(cut + 1)
  return server === "" || name === "" ? undefined : { server, name }
}
