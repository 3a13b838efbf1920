// The role-play's prompts, built from the scenario: a starting prompt followed by `## Section`
// blocks, with every placeholder rendered for the run's role counts. The roster (who is
// present, in speaking order) is defined here too, since names appear in every prompt.
import { agentName, renderPlaceholders, type PlaceholderValues } from './placeholders.ts';
import type { Scenario, Section } from './scenario-schema.ts';

export interface Agent {
  /** Roster id: `guard-1`, `prisoner-2`. */
  id: string;
  role: string;
  /** How the agent is named in the conversation: "Guard", or "Guard 1" with two guards. */
  name: string;
}

export type RoleCounts = Record<string, number>;

/** Agents in speaking order: the scenario's roles interleaved (guard-1, prisoner-1, guard-2, ...). */
export function buildRoster(scenario: Scenario, counts: RoleCounts): Agent[] {
  const roles = Object.keys(scenario.roles);
  const most = Math.max(...roles.map((r) => counts[r] ?? 0));
  const roster: Agent[] = [];
  for (let i = 0; i < most; i++) {
    for (const role of roles) {
      const n = counts[role] ?? 0;
      if (i < n) roster.push({ id: `${role}-${i + 1}`, role, name: agentName(scenario.roles[role]!.label, i, n) });
    }
  }
  return roster;
}

export interface PromptFrame {
  scenario: Scenario;
  counts: RoleCounts;
  goal: string;
  days: number;
  messagesPerDay: number;
}

export function placeholderValues(frame: PromptFrame, names: Record<string, string> = {}): PlaceholderValues {
  const { scenario, counts } = frame;
  return {
    roles: Object.fromEntries(Object.entries(scenario.roles).map(([n, r]) => [n, { ...r, count: counts[n] ?? 0 }])),
    names: {
      goal: scenario.goals[frame.goal]!.text,
      days: String(frame.days),
      messagesPerDay: String(frame.messagesPerDay),
      day: '1',
      self: 'Agent',
      'self.role': 'agent',
      other: 'Other',
      ...names,
    },
  };
}

export function renderSections(title: string, sections: readonly Section[], values: PlaceholderValues): string {
  const blocks = sections.map((s) => `## ${s.title}\n${renderPlaceholders(s.text, values).trim()}`);
  return [renderPlaceholders(title, values).trim(), ...blocks].join('\n\n');
}

/** One agent's system prompt: the starting prompt, shared and private sections, goal, persona, who is present. */
export function agentPrompt(frame: PromptFrame, roster: readonly Agent[], agent: Agent, persona: string): string {
  const role = frame.scenario.roles[agent.role]!;
  const values = placeholderValues(frame, { self: agent.name, 'self.role': `${/^[aeiou]/i.test(role.singular) ? 'an' : 'a'} ${role.singular}` });
  const present = roster.map((a) => `- ${a.name} (${frame.scenario.roles[a.role]!.singular})${a.id === agent.id ? ': you' : ''}`).join('\n');
  const personaText = role.personas[persona]?.prompt;
  return renderSections(frame.scenario.prompt, [
    ...frame.scenario.shared,
    ...role.private,
    { title: 'Your goal', text: role.goal },
    ...(personaText ? [{ title: 'Your persona', text: personaText }] : []),
    { title: 'Who is present', text: present },
  ], values);
}

/** The message that opens a day: the scenario's starting message with every earlier day's summary appended. */
export function dayStartMessage(frame: PromptFrame, day: number, summaries: readonly string[]): string {
  const values = placeholderValues(frame, { day: String(day) });
  const start = renderPlaceholders(frame.scenario.start, values).trim();
  const carried = summaries.map((s, i) => `## Summary of day ${i + 1}\n${s.trim()}`);
  return [start, ...carried].join('\n\n');
}

export function summarizerPrompt(frame: PromptFrame, day: number): string {
  return renderSections(frame.scenario.summarizer.prompt, frame.scenario.summarizer.sections, placeholderValues(frame, { day: String(day) }));
}

export function managerPrompt(frame: PromptFrame, roster: readonly Agent[]): string {
  const list = roster.map((a) => `- ${a.name}`).join('\n');
  return renderSections(frame.scenario.manager.prompt, [...frame.scenario.manager.sections, { title: 'Agents present', text: list }], placeholderValues(frame));
}

/** A conversation as plain lines ("Guard: ...") for the summariser, the manager and model judges. */
export function transcriptLines(messages: readonly { name: string; text: string }[]): string {
  return messages.map((m) => `${m.name}: ${m.text}`).join('\n');
}
