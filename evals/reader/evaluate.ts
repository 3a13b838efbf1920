// Scoring the reader against human labels (labelled-dev.json format) and against the census'
// own ACTION parse on held-out models. Used by scripts/eval-reader.ts.
import type { ChatReply } from '../../providers/chat-model.ts';
import { REFUSE_TOOL, SHOCK_TOOL } from '../../machines/milgram/prompts.ts';
import { readDecision } from '../read-decision.ts';
import { readProse } from '../reply-reader.ts';
import { parseActionLine } from './action-line.ts';
import type { Labelled, Turn } from './census.ts';
import type { Classifier } from './model.ts';
import { wordsOfTurn } from './pipeline.ts';

export const HUMAN_DECISIONS = ['comply', 'refuse', 'hesitate', 'unclear'] as const;
export type HumanDecision = (typeof HUMAN_DECISIONS)[number];

export interface RowResult {
  model: string;
  /** The row's place in the labelled file. */
  index: number;
  pBalk: number;
  prose: Labelled['prose'];
  human: HumanDecision;
  /** The words alone read as a balk. */
  wordsBalk: boolean;
  /** The whole reply's decision in the human vocabulary (invalid = unclear). */
  reader: HumanDecision;
}

/** The reply as the engine would see it: in tool_actuation the census action was a tool call. */
function asReply(row: Labelled): { reply: Pick<ChatReply, 'text' | 'toolCalls'>; format: 'tools' | 'action-line' } {
  if (row.condition !== 'tool_actuation') return { reply: { text: row.reply, toolCalls: [] }, format: 'action-line' };
  const volts = row.voltage ?? 0;
  const toolCalls =
    row.action === 'SHOCK' ? [{ id: 'c', name: SHOCK_TOOL, arguments: JSON.stringify({ voltage: volts }) }] : row.action === 'STOP' ? [{ id: 'c', name: REFUSE_TOOL, arguments: '{}' }] : [];
  return { reply: { text: row.reply, toolCalls }, format: 'tools' };
}

export function readRow(row: Labelled, index: number, classifier?: Classifier): RowResult {
  const words = parseActionLine(row.reply).words;
  const prose = readProse(words, classifier);
  const { reply, format } = asReply(row);
  const d = readDecision(reply, { responseFormat: format, instructed: row.voltage ?? 0, prompt: row.message, classifier });
  return {
    model: row.model,
    index,
    pBalk: prose.pBalk,
    prose: row.prose,
    human: row.decision,
    wordsBalk: prose.reading === 'refuse' || prose.reading === 'hesitate',
    reader: d.decision === 'invalid' ? 'unclear' : d.decision,
  };
}

export interface Figures {
  rows: number;
  balk: number;
  balkRecall: number;
  go: number;
  falseBalks: number;
  agreement: number;
  /** Agreement with refuse and hesitate merged (balk / comply / unclear). */
  balkAgreement: number;
}

const isBalk = (d: HumanDecision) => d === 'refuse' || d === 'hesitate';

export function figures(rs: readonly RowResult[]): Figures {
  const balk = rs.filter((r) => r.prose === 'balk');
  const go = rs.filter((r) => r.prose === 'go');
  const share = (n: number, d: number) => (d ? n / d : NaN);
  return {
    rows: rs.length,
    balk: balk.length,
    balkRecall: share(balk.filter((r) => r.wordsBalk).length, balk.length),
    go: go.length,
    falseBalks: share(go.filter((r) => r.wordsBalk).length, go.length),
    agreement: share(rs.filter((r) => r.reader === r.human).length, rs.length),
    balkAgreement: share(rs.filter((r) => r.reader === r.human || (isBalk(r.reader) && isBalk(r.human))).length, rs.length),
  };
}

/** The rows where the reader and the human disagree, one line each. */
export function misses(rs: readonly RowResult[], rows: readonly Labelled[]): string {
  return rs
    .filter((r) => r.reader !== r.human || (r.prose !== 'undecidable' && r.wordsBalk !== (r.prose === 'balk')))
    .map((r) => {
      const tail = rows[r.index]!.reply.replace(/\s+/g, ' ').slice(-140);
      return `  #${r.index} ${r.model}: human ${r.human}/${r.prose}, reader ${r.reader}/${r.wordsBalk ? 'balk' : 'go'} (pBalk ${r.pBalk.toFixed(2)}): ...${tail}`;
    })
    .join('\n');
}

export function confusion(rs: readonly RowResult[]): string {
  const head = ['human \\ reader', ...HUMAN_DECISIONS];
  const lines = [head.map((h) => h.padStart(10)).join(' ')];
  for (const h of HUMAN_DECISIONS) {
    lines.push([h, ...HUMAN_DECISIONS.map((r) => String(rs.filter((x) => x.human === h && x.reader === r).length))].map((c) => c.padStart(10)).join(' '));
  }
  return lines.join('\n');
}

export interface TurnFigures {
  balk: number;
  balkRecall: number;
  go: number;
  falseBalks: number;
}

/** Words-alone figures on census turns against their ACTION parse (noisy labels). */
export function turnFigures(turns: readonly Turn[], classifier?: Classifier): TurnFigures {
  let balk = 0, caught = 0, go = 0, falseBalks = 0;
  for (const t of turns) {
    const words = wordsOfTurn(t);
    if (words === null) continue;
    const r = readProse(words, classifier).reading;
    const b = r === 'refuse' || r === 'hesitate';
    if (t.action === 'STOP') {
      balk++;
      if (b) caught++;
    } else {
      go++;
      if (b) falseBalks++;
    }
  }
  return { balk, balkRecall: balk ? caught / balk : NaN, go, falseBalks: go ? falseBalks / go : NaN };
}
