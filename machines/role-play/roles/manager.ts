// The manager of `--speaker auto`: picks who speaks next. Scripted (offline): the agent who
// has waited longest. Model-backed: one call per choice; the reply is matched to a roster id
// only when it is exactly an agent's name or id, otherwise it is passed on as it is and the
// machine rejects it (managerChoiceSchema) and records the fallback.
import type { UsageMeter } from '../../../engine/usage.ts';
import type { ChatModel, ModelParams } from '../../../providers/chat-model.ts';
import { Conversation } from '../../../roles/conversation.ts';
import type { Role } from '../../../roles/types.ts';
import { transcriptLines } from '../prompts.ts';
import type { ManagerReply, ManagerRequest } from '../role-types.ts';
import { longestWaiting } from '../speaker.ts';

export function createScriptedManager(): Role<ManagerRequest, ManagerReply> {
  return {
    async act(req) {
      return { speaker: longestWaiting(req.roster.map((a) => a.id), req.spoken) };
    },
  };
}

const bare = (s: string) => s.trim().replace(/^["'*\s]+|["'.*!\s]+$/g, '').toLowerCase();

/** The roster id a reply names exactly, or null. */
export function namedAgent(reply: string, roster: ManagerRequest['roster']): string | null {
  const b = bare(reply);
  return roster.find((a) => bare(a.name) === b || a.id === b)?.id ?? null;
}

export function createModelManager(opts: { model: ChatModel; system: string; usage: UsageMeter; params?: ModelParams }): Role<ManagerRequest, ManagerReply> {
  return {
    async act(req, signal) {
      const conversation = new Conversation({ model: opts.model, system: opts.system, params: { ...opts.params, temperature: 0 }, usage: opts.usage });
      const so = req.today.length ? transcriptLines(req.today) : '(Nobody has spoken yet today.)';
      const names = req.roster.map((a) => a.name).join(', ');
      const reply = await conversation.turn([{ role: 'user', content: `Day ${req.day}, conversation so far:\n${so}\n\nWho speaks next? Answer with exactly one of: ${names}.` }], signal);
      return { speaker: namedAgent(reply.text, req.roster) ?? reply.text, raw: reply.text };
    },
  };
}
