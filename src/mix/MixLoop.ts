// The mixer thread of Jubatus's linear and push mixers (linear_mixer::mixer_loop, push_mixer::
// mixer_loop): a loop that wakes every 0.5 s — or at once when an update reaches the count
// threshold — and asks its mixer whether to mix, with the update counter and the time of the last mix
// that both strategies trigger on and report in get_status.

export const epochSeconds = (): number => Math.floor(Date.now() / 1000)

export class MixLoop {
  /** Update RPCs since the last mix. */
  counter = 0
  /** When the last mix ran (epoch seconds). */
  ticktime = epochSeconds()
  running = false
  private timer: ReturnType<typeof setTimeout> | undefined
  private looping: Promise<void> | undefined

  constructor(
    /** One turn of the loop: the mixer checks its trigger and mixes. */
    private readonly iteration: () => Promise<void>,
    /** True while a round runs (a wake-up then waits for the next turn). */
    private readonly busy: () => boolean,
    private readonly intervalCount: number,
    private readonly tickMs = 500
  ) {}

  /** One update RPC happened (one per call, whatever the batch size). */
  updated(): void {
    this.counter++
    if (this.intervalCount > 0 && this.counter >= this.intervalCount && this.running && !this.busy()) this.schedule(0)
  }

  /** A mix starts (or a peer's put_diff/push arrived): the count and the clock start over. */
  reset(): void {
    this.counter = 0
    this.ticktime = epochSeconds()
  }

  start(firstDelayMs: number): void {
    this.running = true
    this.schedule(firstDelayMs)
  }

  /** Stops the loop and waits for a turn in progress to finish. */
  async stop(): Promise<void> {
    this.running = false
    if (this.timer !== undefined) clearTimeout(this.timer)
    await this.looping
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.looping = this.iteration().finally(() => {
        if (this.running) this.schedule(this.tickMs)
      })
    }, ms)
  }
}
