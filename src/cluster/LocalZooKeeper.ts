// A throw-away standalone ZooKeeper for `juba cluster up`: a temp dir with a zoo.cfg, a free loopback
// port, the JVM running QuorumPeerMain, ready once it answers `ruok` and serves as `standalone`. The
// scope's end stops the JVM and then removes the dir, data and log included.
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { Effect } from "effect"
import type { Scope } from "effect"
import { ClusterError } from "./ClusterError.ts"
import type { ZooKeeperInstall } from "./findZooKeeper.ts"
import { describeEnd, type ManagedProcess, managedProcess } from "./ManagedProcess.ts"
import { reservePorts } from "./ports.ts"

export interface LocalZooKeeper {
  /** `127.0.0.1:<port>`, as given to `-z`. */
  readonly connectString: string
  readonly port: number
  readonly dir: string
  readonly process: ManagedProcess
}

const HOST = "127.0.0.1"
// The server idles in a local cluster: a small heap and the client compiler start it about twice as fast.
const JVM_FLAGS = ["-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData"]
const MAIN_CLASS = "org.apache.zookeeper.server.quorum.QuorumPeerMain"
const START_TIMEOUT_MS = 20_000

const zooCfg = (dir: string, port: number): string =>
  [
    "tickTime=2000",
    `dataDir=${path.join(dir, "data")}`,
    `clientPort=${port}`,
    `clientPortAddress=${HOST}`,
    "admin.enableServer=false",
    "4lw.commands.whitelist=ruok,srvr",
    // The data dies with the cluster: an fsync per write buys nothing.
    "forceSync=no"
  ].join("\n") + "\n"

/** Sends a four-letter word and returns the whole answer ("" when none came). */
const fourLetter = (port: number, word: string, timeoutMs = 500): Promise<string> =>
  new Promise((resolve) => {
    const chunks: Array<Buffer> = []
    const socket = net.createConnection({ host: HOST, port })
    const done = (text: string) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(text)
    }
    const timer = setTimeout(() => done(""), timeoutMs)
    socket.once("connect", () => socket.write(word))
    socket.on("data", (chunk: Buffer) => chunks.push(chunk))
    socket.once("end", () => done(Buffer.concat(chunks).toString("utf8")))
    socket.once("error", () => done(""))
  })

const serving = async (port: number): Promise<boolean> =>
  (await fourLetter(port, "ruok")) === "imok" && /^Mode: standalone/m.test(await fourLetter(port, "srvr"))

const tempDir = Effect.acquireRelease(
  Effect.try({
    try: () => fs.mkdtempSync(path.join(os.tmpdir(), "juba-cluster-zk-")),
    catch: (e) => new ClusterError({ reason: "StartFailed", message: `cannot create a temp dir for ZooKeeper: ${String(e)}` })
  }),
  (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
)

/** Starts ZooKeeper from `install`; stopped, and its dir removed, when the scope closes. */
export const localZooKeeper = (install: ZooKeeperInstall): Effect.Effect<LocalZooKeeper, ClusterError, Scope.Scope> =>
  Effect.gen(function* () {
    const dir = yield* tempDir
    const [port] = yield* reservePorts(HOST, [{ role: "zookeeper", port: 0 }])
    fs.writeFileSync(path.join(dir, "zoo.cfg"), zooCfg(dir, port))
    const zk = yield* managedProcess({
      role: "zookeeper",
      file: install.java,
      args: [...JVM_FLAGS, "-cp", [dir, ...install.classpath].join(path.delimiter), MAIN_CLASS, path.join(dir, "zoo.cfg")],
      stopGraceMs: 5_000
    })
    const deadline = Date.now() + START_TIMEOUT_MS
    while (!(yield* Effect.promise(() => serving(port)))) {
      if (!zk.running()) {
        const end = yield* Effect.promise(() => zk.ended)
        return yield* Effect.fail(
          new ClusterError({
            reason: "StartFailed",
            message: `cannot start ZooKeeper from ${install.source}: it exited (${describeEnd(end)}):\n${zk.outputTail()}`
          })
        )
      }
      if (Date.now() > deadline) {
        return yield* Effect.fail(
          new ClusterError({
            reason: "StartFailed",
            message: `cannot start ZooKeeper from ${install.source}: no answer on ${HOST}:${port} after ${START_TIMEOUT_MS / 1000} s:\n${zk.outputTail()}`
          })
        )
      }
      yield* Effect.sleep(50)
    }
    return { connectString: `${HOST}:${port}`, port, dir, process: zk }
  })
