// Wording for the role-play machine's diagram (`milgram diagram --protocol role-play`).
import type { GuardPhrases } from '../../viz/labels.ts';

export const ROLE_PLAY_NOTES: Record<string, string[]> = {
  briefing: ['roster: agents per role, in speaking order'],
  dayStart: ["opening message + earlier days' summaries"],
  'choosingSpeaker.deciding': ['round-robin or seeded random'],
  'choosingSpeaker.askingManager': ['manager names an agent present (validated)'],
  agentTurn: ['one call to the speaking agent'],
  checkingOutput: ['cut other agents\' lines; flag failures; judge labels + toxicity'],
  budgetCheck: ['messages per day, failure threshold'],
  summary: ["summariser writes the day's summary"],
  verdict: ['judge: was the goal obtained (quoted)'],
};

export const ROLE_PLAY_GUARDS: GuardPhrases = {
  speakerIsAuto: ['speaker auto', 'round-robin or random'],
  managerChoiceValid: ['choice is an agent present', 'invalid choice: round-robin fallback'],
  failureLimitReached: ['failure threshold reached', 'failures below threshold'],
  dayBudgetLeft: ['messages left today', 'day budget spent'],
  moreDays: ['days left', 'last day done'],
};
