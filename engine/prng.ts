// Seeded randomness. Every random choice in a run comes from a stream derived from the run
// seed, so the same seed gives the same run. sfc32 is small, fast and well distributed.
import { createHash } from 'node:crypto';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
}

/**
 * A stream of a run's randomness. With `repeat` (every run: the batch index, or promptfoo's
 * repeat) the 128-bit state comes from a hash of (seed, repeat, stream), so two runs of a batch
 * can never share their draws even when their 32-bit seeds collide (at 100,000 runs two
 * seeds do, about once in a batch); the same (seed, repeat) always gives the same draws.
 * Without it (statistics, benchmarks) the state is the seed's own bits, as before.
 */
export function createRng(seed: number, stream = 0, repeat?: number): Rng {
  let a: number, b: number, c: number, d: number;
  if (repeat === undefined) {
    a = (seed ^ 0x9e3779b9) >>> 0;
    b = (stream ^ 0x243f6a88) >>> 0;
    c = 0xb7e15162;
    d = (seed * 31 + stream) >>> 0;
  } else {
    const h = createHash('sha256').update(`milgram-rng\u0000${seed}\u0000${repeat}\u0000${stream}`).digest();
    [a, b, c, d] = [h.readUInt32BE(0), h.readUInt32BE(4), h.readUInt32BE(8), h.readUInt32BE(12)];
  }
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next(); // warm up: decorrelate nearby seeds
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/** A 32-bit seed derived from any parts (batch seed and run index, test index, ...). */
export function deriveSeed(...parts: (string | number)[]): number {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  return digest.readUInt32BE(0);
}

/** Short stable id from parts (run ids). */
export function stableId(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

/** Named streams so adding a random draw in one role never shifts another role's draws. */
export const RNG_STREAMS = { learner: 1, participant: 2, experimenter: 3, conditions: 4 } as const;
