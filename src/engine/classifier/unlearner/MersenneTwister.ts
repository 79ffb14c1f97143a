// MT19937 with Jubatus's helpers (jubatus util/math/random.h over mersenne_twister): the same seed
// draws the same sequence as a C++ server.

export class MersenneTwister {
  private readonly mt = new Uint32Array(624)
  private index = 625

  constructor(seed: number) {
    const mt = this.mt
    mt[0] = seed >>> 0
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30)
      // 1812433253 * prev + i, in 32-bit arithmetic
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0
    }
    this.index = 624
  }

  /** A uniform 32-bit integer (genrand_int32). */
  next(): number {
    const mt = this.mt
    if (this.index >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff)
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)
      }
      this.index = 0
    }
    let y = mt[this.index++]
    y ^= y >>> 11
    y ^= (y << 7) & 0x9d2c5680
    y ^= (y << 15) & 0xefc60000
    y ^= y >>> 18
    return y >>> 0
  }

  /** [0, 1) with 53-bit resolution (genrand_res53). */
  nextDouble(): number {
    const a = this.next() >>> 5
    const b = this.next() >>> 6
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
  }

  /** [0, n) as random::next_int(n). */
  nextInt(n: number): number {
    return Math.floor(this.nextDouble() * n) >>> 0
  }
}
