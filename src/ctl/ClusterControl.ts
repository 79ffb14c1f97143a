// What jubactl does for each `--cmd` (jubatus/server/cmd/jubactl.cpp): start/stop go to every
// registered jubavisor with its share of the processes, save/load go to every member of the cluster,
// status lists proxies, visors and members from ZooKeeper. Individual failures print `failed.` and the
// command goes on; only "no jubavisor at all" for start/stop is an exit status (−1, i.e. 255).
import { Effect } from "effect"
import { Coordinator } from "../coord/Coordinator.ts"
import type { CoordinatorError } from "../coord/CoordinatorError.ts"
import type { Member } from "../coord/ZkLayout.ts"
import { load, save } from "../engine/commonMethods.ts"
import { makeEngineClient } from "../client/EngineClient.ts"
import type { ServerArgv } from "../visor/ServerArgv.ts"
import { VisorClient } from "../visor/VisorClient.ts"
import { requestOutcome, requestPrefix, statusSection } from "./ctlOutput.ts"
import { spreadProcesses } from "./spreadProcesses.ts"

export type ControlCommand = "start" | "stop" | "save" | "load" | "status"

export interface ControlRequest {
  readonly cmd: ControlCommand
  /** Executable the visors start: `jubaclassifier`. */
  readonly server: string
  readonly name: string
  readonly type: string
  /** Processes in the whole cluster; 0 = one per visor. */
  readonly num: number
  /** Model id of save/load. */
  readonly id: string
  /** Sent with `start`. */
  readonly serverArgv: ServerArgv
}

export interface ControlIo {
  /** Standard output, written piecewise as Jubatus flushes it. */
  readonly out: (text: string) => void
  /** One diagnostic line for standard error. */
  readonly err: (line: string) => void
  /** Blue status headers (Jubatus always prints them; NO_COLOR turns them off). */
  readonly color: boolean
  /** Deadline of each RPC (Jubatus: 10 s). */
  readonly timeoutMs: number
}

/** Exit status jubactl reports when no jubavisor is registered (`exit(-1)`). */
export const NO_VISOR_STATUS = 255

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/** Calls one member and prints its request line; resolves true when it answered with success. */
const callMember = async (io: ControlIo, cmd: string, target: string, member: Member, call: () => Promise<boolean | string>): Promise<boolean> => {
  io.out(requestPrefix(cmd, target, member.id))
  let ok: boolean
  let detail = ""
  try {
    const answer = await call()
    ok = answer === true
    if (typeof answer === "string") detail = answer
  } catch (e) {
    ok = false
    detail = reasonOf(e)
  }
  io.out(requestOutcome(ok))
  if (!ok) io.err(`cannot ${cmd} "${target}" on ${member.id}: ${detail}`)
  return ok
}

const sendToSupervisors = (req: ControlRequest, io: ControlIo): Effect.Effect<number, CoordinatorError, Coordinator> =>
  Effect.gen(function* () {
    const coord = yield* Coordinator
    const cmd = req.cmd
    const target = `${req.server}/${req.name}`
    if (cmd === "start") yield* coord.prepareJubatus(req.type, req.name)
    const visors = yield* coord.listSupervisors
    if (visors.length === 0) {
      io.err(`cannot ${cmd} "${target}": no jubavisor is registered in ZooKeeper`)
      return NO_VISOR_STATUS
    }
    const counts = spreadProcesses(req.num, visors.length)
    yield* Effect.promise(async () => {
      for (let i = 0; i < visors.length; i++) {
        const visor = visors[i]
        const n = counts[i]
        const client = VisorClient({ host: visor.ip, port: visor.port, timeoutMs: io.timeoutMs })
        try {
          await callMember(io, cmd, target, visor, async () => {
            const r = cmd === "start" ? await client.start(target, n, req.serverArgv) : await client.stop(target, n)
            return r === 0 ? true : `jubavisor answered ${r}`
          })
        } finally {
          client.close()
        }
      }
    })
    return 0
  })

const sendToServers = (req: ControlRequest, io: ControlIo): Effect.Effect<number, CoordinatorError, Coordinator> =>
  Effect.gen(function* () {
    const coord = yield* Coordinator
    const members = yield* coord.listNodes(req.type, req.name)
    if (members.length === 0) io.err(`no server to ${req.cmd} ${req.name}`)
    const method = req.cmd === "save" ? save : load
    yield* Effect.promise(async () => {
      for (const member of members) {
        const client = makeEngineClient([method], { host: member.ip, port: member.port, name: req.name, timeoutMs: io.timeoutMs })
        try {
          await callMember(io, req.cmd, req.name, member, async () => {
            await client.call(method.name, [req.id])
            return true
          })
        } finally {
          client.close()
        }
      }
    })
    return 0
  })

const showStatus = (req: ControlRequest, io: ControlIo): Effect.Effect<number, CoordinatorError, Coordinator> =>
  Effect.gen(function* () {
    const coord = yield* Coordinator
    const ids = (members: ReadonlyArray<Member>) => members.map((m) => m.id)
    const proxies = yield* coord.listProxies(req.type)
    const visors = yield* coord.listSupervisors
    const nodes = yield* coord.listNodes(req.type, req.name)
    io.out(statusSection("jubaproxy", ids(proxies), io.color))
    io.out(statusSection("jubavisor", ids(visors), io.color))
    io.out(statusSection(req.name, ids(nodes), io.color))
    return 0
  })

/** Runs one jubactl command; the result is the process's exit status. */
export const controlCluster = (req: ControlRequest, io: ControlIo): Effect.Effect<number, CoordinatorError, Coordinator> => {
  switch (req.cmd) {
    case "start":
    case "stop":
      return sendToSupervisors(req, io)
    case "save":
    case "load":
      return sendToServers(req, io)
    case "status":
      return showStatus(req, io)
  }
}
