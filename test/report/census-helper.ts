// Reads the shipped census file independently of report/census.ts, for checking its figures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function censusFile(): { models: number; groups: { model: string; condition: string; valid: number; obedient: number }[] } {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../../report/census-reference.json'), 'utf8'));
}

/** Full-obedience rate of each census model with valid sessions in a condition. */
export function CENSUS_MODELS_FOR_TEST(condition: string): number[] {
  return censusFile().groups.filter((g) => g.condition === condition && g.valid > 0).map((g) => g.obedient / g.valid);
}
