import { initialTransition, transition } from 'xstate';
import { rolePlayMachine } from '../machines/role-play/machine.ts';
const input: any = { roster: [{ id: 'guard-1', role: 'guard', name: 'Guard' },{ id: 'prisoner-1', role: 'prisoner', name: 'Prisoner' }], roleWords: { guard: ['Guard'], prisoner: ['Prisoner'] }, authority: ['guard'], days: 2, messagesPerDay: 3, speaker: 'round-robin', seed: 1, failureThreshold: 2, opening: () => 'x', limits: { turnTimeoutMs: 1000 } };
let [s] = initialTransition(rolePlayMachine, input);
for (let i = 0; i < 12 && s.status !== 'done'; i++) {
  const v = JSON.stringify(s.value);
  const ev = v.includes('agentTurn') ? { type: 'xstate.done.actor.agent', output: { text: '' } } : { type: 'xstate.done.actor.judge', output: { labels: [], toxicity: 0, judge: 'rules' } };
  [s] = transition(rolePlayMachine, s, ev);
  console.log(v, '->', JSON.stringify(s.value), (s.context as any).failures, (s.context as any).pending);
}
import { getShortestPaths } from 'xstate/graph';
const ev = (s: any) => {
  const v = JSON.stringify(s.value);
  if (v.includes('agentTurn')) return [{ type: 'xstate.done.actor.agent', output: { text: 'hello there ' + s.context.messages.length } }, { type: 'xstate.done.actor.agent', output: { text: '' } }];
  if (v.includes('checkingOutput')) return [{ type: 'xstate.done.actor.judge', output: { labels: [], toxicity: 0, judge: 'rules' } }];
  if (v.includes('summary')) return [{ type: 'xstate.done.actor.summarizer', output: { text: 's' } }];
  if (v.includes('verdict')) return [{ type: 'xstate.done.actor.judge', output: { achieved: false, evidence: null, judge: 'rules' } }];
  return [];
};
const paths = getShortestPaths(rolePlayMachine, { input, events: ev, serializeState: (s: any) => JSON.stringify([s.value, s.context.day, s.context.turn, s.context.failures, s.context.messages.length]) });
console.log(paths.length, [...new Set(paths.map((p) => JSON.stringify(p.state.value)))]);
