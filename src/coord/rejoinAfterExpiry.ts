// What servers and proxies do when their ZooKeeper session expires: Jubatus's stopped; juba's open a
// new session as soon as ZooKeeper answers again and register once more, keeping a record of it for
// get_status and /metrics.
import { Effect, type Scope, Schedule, Stream } from "effect"
import { messageOf } from "../platform/errorMessage.ts"
import { log } from "../platform/log.ts"
import type { Coordinator } from "./Coordinator.ts"
import type { SessionState } from "./CoordinatorCore.ts"

/** The session as status pages report it. */
export interface SessionRecord {
  state: SessionState
  expirations: number
  rejoins: number
}

export const newSessionRecord = (): SessionRecord => ({ state: "connected", expirations: 0, rejoins: 0 })

/** Follows the session in the background for the scope's life; `rejoin` runs on a fresh session. */
export const rejoinAfterExpiry = <E>(
  coord: Coordinator["Service"],
  record: SessionRecord,
  rejoin: Effect.Effect<void, E>
): Effect.Effect<void, never, Scope.Scope> =>
  coord.sessionChanges.pipe(
    Stream.runForEach((state) =>
      Effect.gen(function* () {
        record.state = state
        if (state !== "expired") return
        record.expirations++
        log.warn("ZooKeeper session expired; serving on and reconnecting to register again")
        yield* coord.reconnect.pipe(
          Effect.tapError((e) => Effect.sync(() => log.warn(`cannot reconnect to ZooKeeper yet: ${messageOf(e)}`))),
          Effect.retry(Schedule.spaced("1 second"))
        )
        yield* rejoin.pipe(
          Effect.tapError((e) => Effect.sync(() => log.warn(`cannot register again yet: ${messageOf(e)}`))),
          Effect.retry(Schedule.spaced("1 second"))
        )
        record.rejoins++
        log.info("registered again in ZooKeeper after the session expired")
      })
    ),
    Effect.forkScoped,
    Effect.asVoid
  )
