// Milgram 1963, Experiment 1 (remote feedback), Table 2: the human reference the report
// compares against (shared/protocol-facts.md). Break-off points are each subject's highest
// shock; the 26 others went to 450 V. Mean maximum 405 V; nobody stopped below 300 V.
export const MILGRAM_1963 = {
  n: 40,
  /** Subjects who administered the 450 V shock. */
  maxShock: 26,
  top: 450,
  /** Highest shock given -> subjects, for the 14 who broke off. */
  breakOffs: { 300: 5, 315: 4, 330: 2, 345: 1, 360: 1, 375: 1 } as Readonly<Record<number, number>>,
} as const;

/** Highest shock of each of the 40 subjects (26 at 450 V and the break-offs). */
export function milgram1963FinalVoltages(): number[] {
  const out: number[] = [];
  for (const [v, count] of Object.entries(MILGRAM_1963.breakOffs)) for (let i = 0; i < count; i++) out.push(Number(v));
  for (let i = 0; i < MILGRAM_1963.maxShock; i++) out.push(MILGRAM_1963.top);
  return out;
}

/** Share of the 40 subjects who administered at least `volts` (still obeying there). */
export function milgram1963Obeying(volts: number): number {
  const finals = milgram1963FinalVoltages();
  return finals.filter((v) => v >= volts).length / finals.length;
}
