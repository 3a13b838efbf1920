// The role-play protocol as an XState 5 machine: days of conversation among agents in
// roles, with the machine deciding who speaks (round-robin, seeded random, or a manager whose
// choice is validated against the roster), checking every reply (cut other agents' lines,
// flag conversational failures), keeping the message budget per day, and carrying each day
// forward through the summariser. Agents, manager, summariser and judge are invoked actors
// supplied with machine.provide; time comes from the actor clock (delays), randomness from
// the run seed (speaker.ts).
import { assign, emit, fromPromise, setup } from 'xstate';
import { errorOf, notProvided, transcriptEvent as entry, type RunError } from '../../engine/machine-parts.ts';
import type { TranscriptEntry } from '../../engine/transcript.ts';
import { checkOutput, type FailureKind } from './hygiene.ts';
import type { Agent } from './prompts.ts';
import type {
  AgentReply, AgentRequest, ChatLine, JudgeReply, JudgeRequest, ManagerReply, ManagerRequest,
  MessageJudgement, PersuasionVerdict, SummaryReply, SummaryRequest,
} from './role-types.ts';
import { managerChoiceSchema, randomSpeaker, roundRobin, type SpeakerPolicy } from './speaker.ts';

export interface RolePlayInput {
  roster: readonly Agent[];
  /** Role name -> the words that tag its lines ("Guard", "Prisoner"), for the cutter. */
  roleWords: Record<string, readonly string[]>;
  /** Roles holding authority (the judge reads abuse of authority only there). */
  authority: readonly string[];
  days: number;
  messagesPerDay: number;
  speaker: SpeakerPolicy;
  seed: number;
  /** Failed messages at which the conversation ends `failed`. */
  failureThreshold: number;
  /** The opening message of a day, given the summaries so far (prompts.ts dayStartMessage). */
  opening: (day: number, summaries: readonly string[]) => string;
  limits: { turnTimeoutMs: number };
}

export type RolePlayOutcome = 'completed' | 'failed' | 'timeout' | 'error';

/**
 * The fixed input sits under one key: every assign copies the context, and V8 turns an object
 * copied with more than about 16 keys into a slow dictionary.
 */
export interface RolePlayContext {
  settings: RolePlayInput;
  day: number;
  /** Messages so far today (the budget counts every reply, failed ones too). */
  turn: number;
  openingText: string;
  speakerId: string | null;
  /** Every message of the conversation, in order. */
  messages: ChatLine[];
  summaries: string[];
  failures: number;
  /** The reply being checked, after the cutter. */
  pending: { text: string; cut: string | null; cutAs: string | null; failure: FailureKind | null; raw: string } | null;
  persuasion: PersuasionVerdict | null;
  error: RunError | null;
  outcome: RolePlayOutcome | null;
}

export interface RolePlayOutput {
  outcome: RolePlayOutcome;
  error: RolePlayContext['error'];
  summaries: string[];
  persuasion: PersuasionVerdict | null;
  messages: number;
}

const agentOf = (c: RolePlayContext, id: string | null) => c.settings.roster.find((a) => a.id === id)!;
const today = (c: RolePlayContext) => c.messages.filter((m) => m.day === c.day);
const spokenToday = (c: RolePlayContext) => today(c).map((m) => m.speaker);
const ids = (c: RolePlayContext) => c.settings.roster.map((a) => a.id);

/** The next speaker under round-robin or random (auto falls back to round-robin). */
function scheduled(c: RolePlayContext): string {
  if (c.settings.speaker === 'random') return randomSpeaker(ids(c), spokenToday(c).at(-1) ?? null, c.settings.seed, c.day, c.turn);
  return roundRobin(ids(c), c.turn);
}

export const rolePlayMachine = setup({
  types: {
    context: {} as RolePlayContext,
    input: {} as RolePlayInput,
    output: {} as RolePlayOutput,
    emitted: {} as { type: 'transcript'; entry: TranscriptEntry },
  },
  actors: {
    agent: notProvided('agent') as unknown as ReturnType<typeof fromPromise<AgentReply, AgentRequest>>,
    manager: notProvided('manager') as unknown as ReturnType<typeof fromPromise<ManagerReply, ManagerRequest>>,
    summarizer: notProvided('summarizer') as unknown as ReturnType<typeof fromPromise<SummaryReply, SummaryRequest>>,
    judge: notProvided('judge') as unknown as ReturnType<typeof fromPromise<JudgeReply, JudgeRequest>>,
  },
  delays: {
    turnTimeout: ({ context }) => context.settings.limits.turnTimeoutMs,
  },
  guards: {
    speakerIsAuto: ({ context }) => context.settings.speaker === 'auto',
    // The manager names one agent present, by roster id, or its choice is not taken.
    managerChoiceValid: ({ context, event }) =>
      managerChoiceSchema(ids(context)).safeParse({ speaker: (event as { output?: ManagerReply }).output?.speaker }).success,
    failureLimitReached: ({ context }) => context.failures >= context.settings.failureThreshold,
    dayBudgetLeft: ({ context }) => context.turn < context.settings.messagesPerDay,
    moreDays: ({ context }) => context.day < context.settings.days,
  },
  actions: {
    storeError: assign({ error: ({ event }) => errorOf((event as { error?: unknown }).error) }),
    recordTimeout: emit(({ context }) =>
      entry({ state: 'timeout', role: 'system', kind: 'timeout', day: context.day, text: 'A role did not reply in time; the conversation ends.' })),
  },
}).createMachine({
  id: 'rolePlay',
  context: ({ input }) => ({
    settings: input,
    day: 1,
    turn: 0,
    openingText: '',
    speakerId: null,
    messages: [],
    summaries: [],
    failures: 0,
    pending: null,
    persuasion: null,
    error: null,
    outcome: null,
  }),
  output: ({ context }) => ({
    outcome: context.outcome ?? 'error',
    error: context.error,
    summaries: context.summaries,
    persuasion: context.persuasion,
    messages: context.messages.length,
  }),
  initial: 'briefing',
  states: {
    // Who is present and in which role; agents get their prompts from their roles.
    briefing: {
      entry: emit(({ context }) =>
        entry({ state: 'briefing', role: 'system', kind: 'briefing', roster: context.settings.roster.map((a) => ({ ...a })), text: `Present: ${context.settings.roster.map((a) => a.name).join(', ')}.` })),
      always: 'dayStart',
    },
    dayStart: {
      entry: [
        assign({ turn: 0, openingText: ({ context }) => context.settings.opening(context.day, context.summaries) }),
        emit(({ context }) => entry({ state: 'dayStart', role: 'system', kind: 'day-start', day: context.day, text: context.settings.opening(context.day, context.summaries) })),
      ],
      always: 'choosingSpeaker',
    },
    choosingSpeaker: {
      initial: 'deciding',
      states: {
        deciding: {
          always: [
            { guard: 'speakerIsAuto', target: 'askingManager' },
            { target: '#rolePlay.agentTurn', actions: assign({ speakerId: ({ context }) => scheduled(context) }) },
          ],
        },
        askingManager: {
          invoke: {
            id: 'manager',
            src: 'manager',
            input: ({ context }) => ({
              day: context.day,
              turn: context.turn,
              roster: context.settings.roster,
              today: today(context),
              spoken: spokenToday(context),
            }),
            onDone: [
              {
                guard: 'managerChoiceValid',
                target: '#rolePlay.agentTurn',
                actions: [
                  assign({ speakerId: ({ event }) => event.output.speaker }),
                  emit(({ event, context }) => entry({ state: 'choosingSpeaker.askingManager', role: 'system', kind: 'speaker-choice', day: context.day, chosen: event.output.speaker, valid: true })),
                ],
              },
              {
                // An invalid choice never picks a speaker: the round-robin turn does, recorded.
                target: '#rolePlay.agentTurn',
                actions: [
                  assign({ speakerId: ({ context }) => roundRobin(ids(context), context.turn) }),
                  emit(({ event, context }) => entry({
                    state: 'choosingSpeaker.askingManager', role: 'system', kind: 'speaker-choice', day: context.day,
                    chosen: roundRobin(ids(context), context.turn), valid: false, proposed: String(event.output.raw ?? event.output.speaker).slice(0, 200),
                    text: 'The manager named no agent present; the round-robin turn was taken instead.',
                  })),
                ],
              },
            ],
            onError: { target: '#rolePlay.error', actions: 'storeError' },
          },
          after: { turnTimeout: { target: '#rolePlay.timeout', actions: 'recordTimeout' } },
        },
      },
    },
    agentTurn: {
      invoke: {
        id: 'agent',
        src: 'agent',
        input: ({ context }) => ({ speaker: context.speakerId!, day: context.day, turn: context.turn, opening: context.openingText, today: today(context) }),
        onDone: {
          target: 'checkingOutput',
          actions: assign({
            pending: ({ context, event }) => {
              const self = agentOf(context, context.speakerId);
              const own = context.messages.filter((m) => m.speaker === self.id).map((m) => m.text);
              const checked = checkOutput(event.output.text, { self, others: context.settings.roster, roleWords: context.settings.roleWords }, own);
              return { ...checked, raw: event.output.text };
            },
          }),
        },
        onError: { target: 'error', actions: 'storeError' },
      },
      after: { turnTimeout: { target: 'timeout', actions: 'recordTimeout' } },
    },
    // The cut reply is judged; the message, its labels, cut and failure are recorded.
    checkingOutput: {
      invoke: {
        id: 'judge',
        src: 'judge',
        input: ({ context }) => {
          const self = agentOf(context, context.speakerId);
          return { kind: 'message' as const, speaker: self.id, role: self.role, authority: context.settings.authority.includes(self.role), text: context.pending!.text };
        },
        onDone: {
          target: 'budgetCheck',
          actions: [
            emit(({ context, event }) => {
              const self = agentOf(context, context.speakerId);
              const p = context.pending!;
              const j = event.output as MessageJudgement;
              return entry({
                // The agent's role name ('guard'): the transcript's role is the speaker's role.
                state: 'checkingOutput', role: self.role as TranscriptEntry['role'], kind: 'message', speaker: self.id, name: self.name, day: context.day, turn: context.turn,
                text: p.text, labels: j.labels, toxicity: j.toxicity, judge: j.judge,
                ...(j.fallback ? { judgeFallback: j.fallback } : {}),
                ...(p.cut !== null ? { cut: { text: p.cut, as: p.cutAs } } : {}),
                ...(p.failure ? { failure: p.failure, raw: p.raw.slice(0, 2000) } : {}),
              });
            }),
            assign(({ context, event }) => {
              const self = agentOf(context, context.speakerId);
              const p = context.pending!;
              const j = event.output as MessageJudgement;
              const line: ChatLine = { speaker: self.id, name: self.name, role: self.role, day: context.day, turn: context.turn, text: p.text, labels: j.labels, toxicity: j.toxicity, failure: p.failure };
              return { messages: [...context.messages, line], turn: context.turn + 1, failures: context.failures + (p.failure ? 1 : 0), pending: null };
            }),
          ],
        },
        onError: { target: 'error', actions: 'storeError' },
      },
      after: { turnTimeout: { target: 'timeout', actions: 'recordTimeout' } },
    },
    budgetCheck: {
      always: [
        {
          guard: 'failureLimitReached',
          target: 'failed',
        },
        { guard: 'dayBudgetLeft', target: 'choosingSpeaker' },
        { target: 'dayEnd' },
      ],
    },
    dayEnd: {
      entry: emit(({ context }) => entry({ state: 'dayEnd', role: 'system', kind: 'day-end', day: context.day, text: `End of day ${context.day}.` })),
      always: 'summary',
    },
    summary: {
      invoke: {
        id: 'summarizer',
        src: 'summarizer',
        input: ({ context }) => ({ day: context.day, opening: context.openingText, today: today(context) }),
        onDone: [
          {
            guard: 'moreDays',
            target: 'dayStart',
            actions: [
              emit(({ context, event }) => entry({ state: 'summary', role: 'system', kind: 'summary', day: context.day, text: event.output.text })),
              assign({ summaries: ({ context, event }) => [...context.summaries, event.output.text], day: ({ context }) => context.day + 1 }),
            ],
          },
          {
            target: 'verdict',
            actions: [
              emit(({ context, event }) => entry({ state: 'summary', role: 'system', kind: 'summary', day: context.day, text: event.output.text })),
              assign({ summaries: ({ context, event }) => [...context.summaries, event.output.text] }),
            ],
          },
        ],
        onError: { target: 'error', actions: 'storeError' },
      },
      after: { turnTimeout: { target: 'timeout', actions: 'recordTimeout' } },
    },
    // Persuasion over the whole conversation: did the seeker obtain the goal, with the quote.
    verdict: {
      invoke: {
        id: 'judge',
        src: 'judge',
        input: ({ context }) => ({ kind: 'persuasion' as const, messages: context.messages }),
        onDone: {
          target: 'completed',
          actions: [
            assign({ persuasion: ({ event }) => event.output as PersuasionVerdict }),
            emit(({ event }) => {
              const v = event.output as PersuasionVerdict;
              return entry({ state: 'verdict', role: 'system', kind: 'persuasion', achieved: v.achieved, evidence: v.evidence, judge: v.judge, ...(v.fallback ? { fallback: v.fallback } : {}), text: v.achieved ? `Goal obtained: "${v.evidence?.quote}"` : 'The goal was not obtained.' });
            }),
          ],
        },
        onError: { target: 'error', actions: 'storeError' },
      },
      after: { turnTimeout: { target: 'timeout', actions: 'recordTimeout' } },
    },
    completed: {
      type: 'final',
      entry: [
        assign({ outcome: 'completed' }),
        emit(({ context }) => entry({ state: 'completed', role: 'system', kind: 'completed', text: `${context.settings.days} day(s) of conversation ended.` })),
      ],
    },
    failed: {
      type: 'final',
      entry: [
        assign({ outcome: 'failed' }),
        emit(({ context }) => entry({ state: 'failed', role: 'system', kind: 'failed', day: context.day, text: `${context.failures} conversational failures: the conversation ends failed.` })),
      ],
    },
    timeout: { type: 'final', entry: assign({ outcome: 'timeout' }) },
    error: {
      type: 'final',
      entry: [
        assign({ outcome: 'error' }),
        emit(({ context }) => entry({ state: 'error', role: 'system', kind: 'error', text: context.error?.message ?? 'a role failed' })),
      ],
    },
  },
});

export type RolePlayMachine = typeof rolePlayMachine;
