// Scenarios of the institutional-pressure protocol: an institution's assistant (system prompt:
// its role and goal), a vulnerable user's message, and two named options, one ethical and one
// harmful. The shipped set is data/scenarios.yaml; `--scenarios <file>` loads another, in this
// project's format (YAML or JSON) or MilgramBench's dataset.json format, converted on load.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseYaml } from '../../engine/yaml.ts';
import { z } from 'zod';

/** MilgramBench's six harm categories (shared/protocol-facts.md), spelled as there. */
export const CATEGORIES = [
  'Short-Term Relief, Long-Term Harm',
  'Exploitative Alternative Path',
  'System-Side Self-Dealing',
  'False Hope/Deceptive Assurance',
  'Emotional Manipulation',
  'Extreme Coercion or Harm',
] as const;
export type Category = (typeof CATEGORIES)[number];

const OptionSchema = z.object({ name: z.string().trim().min(1), description: z.string().trim().min(1) }).strict();

export const ScenarioSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][\w.-]*$/, 'letters, digits, ".", "_" or "-", starting with a letter or digit'),
    category: z.enum(CATEGORIES),
    /** Free text: the field the institution works in. */
    domain: z.string().optional(),
    /** The institution's system prompt: who the assistant is and the goal it is given. */
    system: z.string().trim().min(1),
    /** The user's message. */
    user: z.string().trim().min(1),
    ethical: OptionSchema,
    harmful: OptionSchema,
  })
  .strict()
  .refine((s) => s.ethical.name.toLowerCase() !== s.harmful.name.toLowerCase(), { message: 'the two options need different names', path: ['harmful', 'name'] });
export type Scenario = z.infer<typeof ScenarioSchema>;

export interface ScenarioSet {
  /** Where the set came from: `milgram-sim` (the shipped set) or the file (with its format). */
  source: string;
  scenarios: Scenario[];
}

export class ScenarioError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'ScenarioError';
    this.field = field;
  }
}

const SHIPPED = new URL('./data/scenarios.yaml', import.meta.url);

/** One MilgramBench dataset.json entry: options.ethical / options.unethical. */
const MilgramBenchExampleSchema = z.object({
  system_prompt: z.string().min(1),
  user_prompt: z.string().min(1),
  harm_category: z.string().optional(),
  options: z.object({ ethical: OptionSchema.loose(), unethical: OptionSchema.loose() }),
}).loose();

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function categoryOf(...names: (string | undefined)[]): Category | undefined {
  for (const name of names) {
    const found = CATEGORIES.find((c) => slug(c) === slug(name ?? ''));
    if (found) return found;
  }
  return undefined;
}

/** MilgramBench's { category: { example_1: {...} } } as scenarios of this project. */
export function fromMilgramBench(doc: Record<string, unknown>, where: string): Scenario[] {
  const out: Scenario[] = [];
  for (const [group, examples] of Object.entries(doc)) {
    if (!examples || typeof examples !== 'object' || Array.isArray(examples)) {
      throw new ScenarioError('scenarios', `${where}: "${group}" should map example keys (example_1, ...) to examples`);
    }
    for (const [key, value] of Object.entries(examples as Record<string, unknown>)) {
      const parsed = MilgramBenchExampleSchema.safeParse(value);
      if (!parsed.success) {
        const i = parsed.error.issues[0]!;
        throw new ScenarioError('scenarios', `${where}: ${group}.${key}.${i.path.join('.')}: ${i.message}`);
      }
      const e = parsed.data;
      const category = categoryOf(e.harm_category, group);
      if (!category) throw new ScenarioError('scenarios', `${where}: ${group}.${key}: unknown harm category "${e.harm_category ?? group}"; accepted: ${CATEGORIES.join('; ')}`);
      out.push(checked({
        id: `mb-${slug(category)}-${slug(key)}`,
        category,
        system: e.system_prompt,
        user: e.user_prompt,
        ethical: { name: e.options.ethical.name, description: e.options.ethical.description },
        harmful: { name: e.options.unethical.name, description: e.options.unethical.description },
      }, `${where}: ${group}.${key}`));
    }
  }
  return out;
}

function checked(value: unknown, where: string): Scenario {
  const parsed = ScenarioSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const i = parsed.error.issues[0]!;
  throw new ScenarioError('scenarios', `${where}: ${i.path.join('.') || '(scenario)'}: ${i.message}`);
}

const isMilgramBench = (doc: unknown): doc is Record<string, unknown> =>
  !!doc && typeof doc === 'object' && !Array.isArray(doc) && !('scenarios' in doc) &&
  Object.values(doc).some((v) => v && typeof v === 'object' && Object.values(v).some((e) => e && typeof e === 'object' && 'system_prompt' in e));

/** Parses a scenario file's text (`file` names it in errors and in `source`). */
export function parseScenarioText(text: string, file: string): ScenarioSet {
  let doc: unknown;
  try {
    doc = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ScenarioError('scenarios', `${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'} (${(err as Error).message.split('\n')[0]})`);
  }
  let scenarios: Scenario[];
  let source = file;
  if (isMilgramBench(doc)) {
    scenarios = fromMilgramBench(doc, file);
    source = `milgrambench:${basename(file)}`;
  } else {
    const list = Array.isArray(doc) ? doc : (doc as { scenarios?: unknown } | null)?.scenarios;
    if (!Array.isArray(list)) {
      throw new ScenarioError('scenarios', `${file}: expected a list of scenarios (or { scenarios: [...] }, or MilgramBench's dataset.json)`);
    }
    scenarios = list.map((s, i) => checked(s, `${file}: scenarios[${i}]${(s as { id?: unknown })?.id ? ` (${String((s as { id: unknown }).id)})` : ''}`));
  }
  if (!scenarios.length) throw new ScenarioError('scenarios', `${file}: no scenarios in the file`);
  const seen = new Set<string>();
  for (const s of scenarios) {
    if (seen.has(s.id)) throw new ScenarioError('scenarios', `${file}: scenario id "${s.id}" appears twice; ids must be unique`);
    seen.add(s.id);
  }
  return { source, scenarios };
}

const cache = new Map<string, ScenarioSet>();

/** The shipped set (no file) or the set in `file`; read once per process. */
export function loadScenarioSet(file?: string): ScenarioSet {
  const key = file ?? '';
  let set = cache.get(key);
  if (set) return set;
  if (file === undefined) {
    set = { ...parseScenarioText(readFileSync(SHIPPED, 'utf8'), 'data/scenarios.yaml'), source: 'milgram-sim' };
  } else {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ScenarioError('scenarios', `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give a YAML or JSON scenario file`);
    }
    set = parseScenarioText(text, file);
  }
  cache.set(key, set);
  return set;
}

/** The scenarios a batch runs: all of the set, or those with the given ids and/or categories. */
export function selectScenarios(set: ScenarioSet, select: { ids?: readonly string[]; categories?: readonly string[] }): Scenario[] {
  const ids = select.ids ?? [];
  for (const id of ids) {
    if (!set.scenarios.some((s) => s.id === id)) {
      throw new ScenarioError('scenario', `no scenario "${id}" in ${set.source}; e.g. ${set.scenarios.slice(0, 3).map((s) => s.id).join(', ')}`);
    }
  }
  const categories = (select.categories ?? []).map((c) => {
    const found = categoryOf(c);
    if (!found) throw new ScenarioError('category', `unknown category "${c}"; accepted: ${CATEGORIES.join('; ')} (any spelling with the same letters and digits)`);
    return found;
  });
  return set.scenarios.filter((s) => (!ids.length || ids.includes(s.id)) && (!categories.length || categories.includes(s.category)));
}
