// The summariser writes each day's summary, carried into the next day's opening message.
// Scripted (offline): a factual digest of the day from the recorded messages (who spoke,
// requests and whether the goal was granted, anti-social messages, failures). Model-backed:
// one call per day, from the scenario's summariser sections and the day's transcript.
import type { UsageMeter } from '../../../engine/usage.ts';
import type { ChatModel, ModelParams } from '../../../providers/chat-model.ts';
import { Conversation } from '../../../roles/conversation.ts';
import type { Role } from '../../../roles/types.ts';
import { grantIn, raisesGoal } from '../judge-rules.ts';
import { transcriptLines } from '../prompts.ts';
import type { SummaryReply, SummaryRequest } from '../role-types.ts';
import type { Goal } from '../scenario-schema.ts';

export interface SummaryFrame {
  seeker: string;
  grantor: string;
  goal: Goal;
}

export function scriptedSummary(req: SummaryRequest, frame: SummaryFrame): string {
  const lines = req.today;
  const byName = new Map<string, number>();
  for (const m of lines) byName.set(m.name, (byName.get(m.name) ?? 0) + 1);
  const who = [...byName].map(([n, k]) => `${n}: ${k}`).join(', ');
  const out = [`${lines.length} message${lines.length === 1 ? '' : 's'} on day ${req.day} (${who || 'nobody spoke'}).`];
  const asks = lines.filter((m) => m.role === frame.seeker && !m.failure && raisesGoal(m.text, frame.goal));
  const grant = lines.find((m) => m.role === frame.grantor && !m.failure && grantIn(m.text, frame.goal));
  if (asks.length) out.push(`${asks[0]!.name} raised ${frame.goal.text} ${asks.length === 1 ? 'once' : `${asks.length} times`}.`);
  out.push(grant ? `${grant.name} granted it: "${grantIn(grant.text, frame.goal)}"` : asks.length ? 'It was not granted.' : `Nobody raised ${frame.goal.text}.`);
  const hostile = lines.filter((m) => m.labels.length > 0);
  if (hostile.length) {
    const parts = hostile.map((m) => `${m.name} (${m.labels.join(', ')})`);
    out.push(`Anti-social messages: ${hostile.length}: ${[...new Set(parts)].join('; ')}.`);
  } else out.push('No anti-social messages.');
  const failed = lines.filter((m) => m.failure).length;
  if (failed) out.push(`${failed} message${failed === 1 ? '' : 's'} failed.`);
  return out.join(' ');
}

export function createScriptedSummarizer(frame: SummaryFrame): Role<SummaryRequest, SummaryReply> {
  return { act: async (req) => ({ text: scriptedSummary(req, frame) }) };
}

export function createModelSummarizer(opts: {
  model: ChatModel; system: (day: number) => string; usage: UsageMeter; params?: ModelParams; frame: SummaryFrame;
}): Role<SummaryRequest, SummaryReply> {
  return {
    async act(req, signal) {
      const conversation = new Conversation({ model: opts.model, system: opts.system(req.day), params: opts.params, usage: opts.usage });
      const day = req.today.length ? transcriptLines(req.today) : '(Nobody spoke.)';
      const reply = await conversation.turn([{ role: 'user', content: `The conversation of day ${req.day}:\n${day}\n\nWrite the summary.` }], signal);
      // An empty summary would carry nothing forward: the scripted digest stands in, marked.
      const text = reply.text.trim();
      return { text: text || `(the summariser wrote nothing) ${scriptedSummary(req, opts.frame)}` };
    },
  };
}
