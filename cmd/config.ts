// `juba config` / `jubaconfig`: write, read, delete and list cluster configs in ZooKeeper (Jubatus
// cmd/jubaconfig.cpp). A config is validated by its engine before it is written. As in Jubatus,
// diagnostics go to stdout and any failure exits 1.
import { Effect } from "effect"
import * as fs from "node:fs"
import { Coordinator } from "../src/coord/Coordinator.ts"
import { ConfigError } from "../src/common/errors.ts"
import { engineOf } from "../src/engine/registry.ts"
import { parseConfigJson } from "../src/server/configJson.ts"
import { messageOf } from "../src/platform/errorMessage.ts"
import type { Command } from "./dispatch.ts"
import { settleParse } from "./exit.ts"
import { type ConfigOptions, configOptionSpecs, parseConfigOptions } from "./options/configOptions.ts"
import { parseOptions } from "./options/OptionSpec.ts"

export const runConfig = async (command: Command): Promise<number> => {
  const outcome = parseConfigOptions(command.args, command.progname, process.env)
  // Jubatus's jubaconfig prints its own refusals (no ZooKeeper location, no type or name, unknown
  // command) with the usage on stdout; only the option parser's errors go to stderr.
  if (outcome._tag === "Invalid" && parseOptions(configOptionSpecs, command.args, command.progname)._tag === "Options") {
    process.stdout.write(`${outcome.message}\n${outcome.usage.endsWith("\n") ? outcome.usage : `${outcome.usage}\n`}`)
    return 1
  }
  const parsed = settleParse(outcome, command.progname)
  if (typeof parsed === "number") return parsed
  const o: ConfigOptions = parsed

  let text = ""
  if (o.cmd === "write") {
    try {
      text = fs.readFileSync(o.file, "utf8")
    } catch (e) {
      process.stdout.write(`cannot read config file: ${o.file}: ${(e as NodeJS.ErrnoException).code ?? messageOf(e)}\n`)
      return 1
    }
    if (text === "") {
      process.stdout.write("config is empty\n")
      return 1
    }
    try {
      const json = parseConfigJson(text, o.file)
      const engine = engineOf(o.type)
      if (engine !== undefined) engine.decodeConfig(json)
    } catch (e) {
      // Worded as a server's refusal of the same config, so both tools read alike.
      process.stdout.write(e instanceof ConfigError ? `invalid configuration: ${e.message}\n` : `${messageOf(e)}\n`)
      return 1
    }
  }

  const program = Effect.gen(function* () {
    const coord = yield* Coordinator
    switch (o.cmd) {
      case "write":
        yield* coord.prepareJubatus(o.type, o.name)
        yield* coord.writeConfig(o.type, o.name, text)
        return
      case "read":
        process.stdout.write(yield* coord.readConfig(o.type, o.name))
        return
      case "delete":
        yield* coord.deleteConfig(o.type, o.name)
        return
      case "list":
        for (const c of yield* coord.listConfigs) process.stdout.write(`type: ${c.type}, name: ${c.name}\n${c.config}\n\n`)
        return
    }
  })
  const exit = await Effect.runPromiseExit(
    Effect.scoped(program).pipe(Effect.provide(Coordinator.layer({ hosts: o.zookeeper, timeoutSec: 10 })))
  )
  if (exit._tag === "Success") return 0
  const { Cause } = await import("effect")
  process.stdout.write(`${messageOf(Cause.squash(exit.cause))}\n`)
  return 1
}
