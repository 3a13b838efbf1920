// Offline personas: `sim:<role>-<persona>` (sim:guard-strict, sim:prisoner-rebellious, ...).
// Each is a ChatModel, so its replies go through the same hygiene, judging and record as a
// model's. Behaviour (how often it is hostile, asks, concedes or slips) and every line come
// from the scenario file; the policy below turns them into a conversation. Deterministic given
// the run seed and the agent's place in the roster.
import { createRng, type Rng } from '../../engine/prng.ts';
import type { ChatModel, ChatReply, ChatRequest } from '../../providers/chat-model.ts';
import { grantIn, judgeMessage, raisesGoal } from './judge-rules.ts';
import { renderPlaceholders, type PlaceholderValues } from './placeholders.ts';
import { linesFor, type GoalLines, type OfflineBehaviour, type Scenario } from './scenario-schema.ts';

/** What an offline persona is told about the turn (it cannot read prose prompts). */
export interface PersonaHint {
  self: { id: string; name: string; role: string };
  /** Messages since this agent last spoke (today), with the speaker's name and role. */
  heard: readonly { name: string; role: string; text: string }[];
  /** First turn of this agent today. */
  firstToday: boolean;
}

/** Every offline persona a scenario defines, as `sim:` specs. */
export function personaSpecs(scenario: Scenario): string[] {
  return Object.entries(scenario.roles).flatMap(([role, r]) => Object.keys(r.personas).map((p) => `sim:${role}-${p}`));
}

/** `guard-strict` -> { role: 'guard', persona: 'strict' } when the scenario has it. */
export function findPersona(scenario: Scenario, name: string): { role: string; persona: string } | null {
  for (const [role, r] of Object.entries(scenario.roles)) {
    if (name.startsWith(`${role}-`) && name.slice(role.length + 1) in r.personas) return { role, persona: name.slice(role.length + 1) };
  }
  return null;
}

const SLIPS = ['empty', 'loop', 'other-role', 'bleed'] as const;

class PersonaSim implements ChatModel {
  readonly provider = 'sim';
  readonly offline = true;
  readonly model: string;
  private readonly rng: Rng;
  private readonly recent: string[] = [];
  private asksHeard = 0;
  private granted = false;
  private thanked = false;
  private readonly opts: PersonaOptions;
  private readonly behaviour: OfflineBehaviour;

  constructor(opts: PersonaOptions) {
    this.opts = opts;
    this.model = `${opts.role}-${opts.persona}`;
    this.behaviour = opts.scenario.roles[opts.role]!.personas[opts.persona]!.offline;
    this.rng = createRng(opts.seed, 100 + opts.index, opts.repeat);
  }

  async complete(request: ChatRequest): Promise<ChatReply> {
    const hint = request.simHint as PersonaHint | undefined;
    if (!hint?.self) throw new Error(`sim:${this.model} needs a role-play turn hint; it only plays a role-play agent`);
    return { text: this.reply(hint), toolCalls: [], usage: null };
  }

  private pick(bank: readonly string[], hint: PersonaHint): string {
    const fresh = bank.filter((l) => !this.recent.includes(l));
    const line = this.rng.pick(fresh.length ? fresh : bank);
    this.recent.push(line);
    if (this.recent.length > 4) this.recent.shift();
    const other = [...hint.heard].reverse().find((m) => m.role !== hint.self.role)?.name ?? this.opts.otherName;
    return renderPlaceholders(line, { ...this.opts.values, names: { ...this.opts.values.names, self: hint.self.name, other } });
  }

  private goalBank(bank: GoalLines): string[] {
    return linesFor(bank, this.opts.goal);
  }

  private reply(hint: PersonaHint): string {
    const b = this.behaviour;
    const { scenario, goal } = this.opts;
    const goalDef = scenario.goals[goal]!;
    const isSeeker = hint.self.role === scenario.seeker;
    const isGrantor = hint.self.role === scenario.grantor;
    // Draws happen in a fixed order every turn, so one choice never shifts the next turn's.
    const slip = this.rng.next() < b.slip;
    const slipKind = SLIPS[this.rng.int(SLIPS.length)]!;
    const hostile = this.rng.next() < b.hostility;
    const asks = this.rng.next() < b.ask;
    const concedeDraw = this.rng.next();

    let line: string;
    if (hint.firstToday && hint.heard.length < 2) line = this.pick(b.lines.open, hint);
    else if (isGrantor) {
      const requests = hint.heard.filter((m) => m.role === scenario.seeker && raisesGoal(m.text, goalDef));
      if (requests.length && !this.granted) {
        this.asksHeard += 1;
        const polite = requests.every((m) => judgeMessage(m.text, false).labels.length === 0);
        // Repeated requests wear a grantor down; rude ones much less.
        const p = Math.min(0.95, b.concede * (1 + 0.5 * (this.asksHeard - 1)) * (polite ? 1 : 0.35));
        if (concedeDraw < p) {
          this.granted = true;
          line = this.pick(this.goalBank(b.lines.grant), hint);
        } else line = hostile ? this.pick(b.lines.hostile, hint) : this.pick(this.goalBank(b.lines.deny), hint);
      } else line = hostile ? this.pick(b.lines.hostile, hint) : this.pick(b.lines.talk, hint);
    } else if (isSeeker) {
      const grantHeard = hint.heard.some((m) => m.role === scenario.grantor && grantIn(m.text, goalDef) !== null);
      if (grantHeard) this.granted = true;
      if (this.granted && !this.thanked) {
        this.thanked = true;
        line = this.pick(this.goalBank(b.lines.thanks), hint);
      } else if (!this.granted && asks) line = this.pick(this.goalBank(b.lines.ask), hint);
      else line = hostile ? this.pick(b.lines.hostile, hint) : this.pick(b.lines.talk, hint);
    } else line = hostile ? this.pick(b.lines.hostile, hint) : this.pick(b.lines.talk, hint);

    if (!slip) return line;
    // A slip: the failures real models show in multi-agent role-play.
    const otherLabel = this.opts.otherLabel;
    switch (slipKind) {
      case 'empty': return '';
      case 'loop': return [line, line, line].join(' ');
      case 'other-role': return `${otherLabel}: ${this.pick(b.lines.talk, hint)}`;
      case 'bleed': return `${line}\n${otherLabel}: ${this.pick(b.lines.talk, hint)}`;
    }
  }
}

export interface PersonaOptions {
  scenario: Scenario;
  role: string;
  persona: string;
  goal: string;
  seed: number;
  /** The run's repeat: with the seed, the draws (two runs of a batch never share them; engine/prng.ts). */
  repeat?: number;
  /** The agent's place in the roster (its own random stream). */
  index: number;
  /** Placeholder values for the run's role counts. */
  values: PlaceholderValues;
  /** A name to address when nobody of another role has spoken yet. */
  otherName: string;
  /** The label another role's lines would carry (used when the persona slips into them). */
  otherLabel: string;
}

export function createPersonaSim(opts: PersonaOptions): ChatModel {
  return new PersonaSim(opts);
}
