// Distributed mode (-z/-n) entry: lands with the Coordinator and the Mixer.
import type { EngineDefinition } from "../../engine/Engine.ts"

export const runDistributedServer = async (_engine: EngineDefinition, _options: unknown, progname: string): Promise<number> => {
  process.stderr.write(`${progname}: distributed mode (--zookeeper) is not yet implemented in this build of juba\n`)
  return 1
}
