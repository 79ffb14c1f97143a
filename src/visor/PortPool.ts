// The ports jubavisor hands its children: `base+1 … base+size`, first in first out, as the
// std::queue in jubavisor.cpp. A port comes back when its child has exited.

export class PortPool {
  private readonly free: Array<number> = []
  private readonly taken = new Set<number>()

  constructor(base: number, readonly size: number) {
    for (let i = 1; i <= size; i++) this.free.push(base + i)
  }

  get available(): number {
    return this.free.length
  }

  take(): number | undefined {
    const port = this.free.shift()
    if (port !== undefined) this.taken.add(port)
    return port
  }

  /** Returns a port; one not taken (or returned twice) is ignored, so the pool never holds duplicates. */
  give(port: number): void {
    if (this.taken.delete(port)) this.free.push(port)
  }
}
