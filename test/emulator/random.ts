/** Seeded randomness, so a scenario with a seed replays the same noise. */

/** mulberry32: small, fast, good enough for simulated noise. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A standard normal deviate (Box–Muller) from a uniform source. */
export function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
}

/** A stable 32-bit hash of a string (FNV-1a), to give each function its own stream. */
export function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** 32 lowercase hex digits, as in a log stream name. */
export function hex32(random: () => number): string {
  let s = ''
  for (let i = 0; i < 4; i++)
    s += Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0')
  return s
}
