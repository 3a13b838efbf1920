// An agent of the role-play, played by a model or an offline persona (both ChatModels). One
// conversation per day: the day opens with the day's message (earlier summaries included);
// each turn sends what the others said since this agent last spoke. Its own earlier replies
// are kept as the machine recorded them (after the cutter), not as first written.
import type { UsageMeter } from '../../../engine/usage.ts';
import type { ChatModel, ModelParams } from '../../../providers/chat-model.ts';
import { Conversation } from '../../../roles/conversation.ts';
import type { Role } from '../../../roles/types.ts';
import type { PersonaHint } from '../personas.ts';
import type { Agent } from '../prompts.ts';
import type { AgentReply, AgentRequest } from '../role-types.ts';

export interface AgentRoleOptions {
  agent: Agent;
  model: ChatModel;
  system: string;
  usage: UsageMeter;
  params?: ModelParams;
}

export function createAgentRole(opts: AgentRoleOptions): Role<AgentRequest, AgentReply> {
  const { agent } = opts;
  let day = 0;
  let conversation: Conversation | null = null;
  /** How many of today's messages this agent has been shown (its own included). */
  let seen = 0;
  return {
    async act(req, signal) {
      if (req.day !== day || !conversation) {
        day = req.day;
        conversation = new Conversation({ model: opts.model, system: opts.system, params: opts.params, usage: opts.usage });
        seen = 0;
      }
      const first = seen === 0;
      if (!first) {
        // Keep the agent's last reply as recorded (cut lines removed).
        const own = req.today[seen - 1];
        if (own?.speaker === agent.id) conversation.replaceLastReply({ role: 'assistant', content: own.text });
      }
      const heard = req.today.slice(seen).filter((m) => m.speaker !== agent.id && m.text !== '');
      const lines = heard.map((m) => `${m.name}: ${m.text}`);
      const parts = first ? [req.opening, ...lines] : lines;
      if (lines.length === 0) parts.push(first ? `You speak first, as ${agent.name}.` : `(Nobody else has spoken. Continue as ${agent.name}.)`);
      const hint: PersonaHint = { self: { id: agent.id, name: agent.name, role: agent.role }, heard: heard.map((m) => ({ name: m.name, role: m.role, text: m.text })), firstToday: first };
      const reply = await conversation.turn([{ role: 'user', content: parts.join('\n\n') }], signal, hint as unknown as Record<string, unknown>);
      seen = req.today.length + 1;
      return { text: reply.text };
    },
  };
}
