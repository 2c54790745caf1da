/**
 * A small seeded PRNG, so that bootstrap intervals (and the bench:stats simulation) are the same
 * on every run: a comparison posted twice must not change its numbers.
 */

/** Returns a generator of uniform numbers in [0, 1) (mulberry32: fast, 32-bit state). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A 32-bit hash of a string (FNV-1a), mixed with a seed: gives each (function, memory size) pair
 * its own stream, so one pair's interval does not depend on which other pairs were compared.
 */
export function hashSeed(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/** Standard normal deviates from a uniform generator (Box–Muller). */
export function normalDeviates(uniform: () => number): () => number {
  let spare: number | null = null
  return () => {
    if (spare !== null) {
      const z = spare
      spare = null
      return z
    }
    const u = 1 - uniform()
    const v = uniform()
    const r = Math.sqrt(-2 * Math.log(u))
    spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }
}
