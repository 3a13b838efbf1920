// Diagram wording for the institutional-pressure machine (the graph itself is walked from the
// machine definition; the states' own descriptions say what each does).
import type { GuardPhrases } from '../../viz/labels.ts';

export const IP_NOTES: Record<string, string[]> = {};

export const IP_GUARDS: GuardPhrases = {
  moreJudges: ['more judges to ask', 'last judge'],
  rubricWanted: ['rubric asked (--rubric)', 'no rubric'],
};
