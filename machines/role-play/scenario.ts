// Loads a scenario by shipped name (`prison`, `ship`) or from a YAML/JSON file path, checks it
// with the scenario schema and caches it. Errors name the file and the field.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYaml } from '../../engine/yaml.ts';
import { ScenarioSchema, type Scenario } from './scenario-schema.ts';

const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), 'scenarios');
export const SHIPPED_SCENARIOS = ['prison', 'ship'] as const;

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

const cache = new Map<string, Scenario>();

/** Parses scenario text (YAML or JSON); `source` names it in errors. */
export function parseScenario(text: string, source: string): Scenario {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new ScenarioError(`scenario ${source}: not valid YAML: ${(err as Error).message}`);
  }
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(scenario)'}: ${i.message}`);
    throw new ScenarioError(`scenario ${source}: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** A shipped scenario by name, or a scenario file by path. */
export function loadScenario(ref: string): Scenario {
  const hit = cache.get(ref);
  if (hit) return hit;
  const shipped = (SHIPPED_SCENARIOS as readonly string[]).includes(ref);
  const file = shipped ? join(SCENARIO_DIR, `${ref}.yaml`) : ref;
  if (!existsSync(file)) {
    throw new ScenarioError(`unknown scenario "${ref}": not a shipped scenario (${SHIPPED_SCENARIOS.join(', ')}) and no such file`);
  }
  const scenario = parseScenario(readFileSync(file, 'utf8'), shipped ? ref : file);
  cache.set(ref, scenario);
  return scenario;
}
