// The pieces the conditions are made of: the prods list the machine takes as input, the
// scratchpad split, the action-only history and the system-prompt framings.
import { describe, expect, it } from 'vitest';
import { resolveCondition } from '../../machines/milgram/conditions/resolve.ts';
import { LADDERS } from '../../machines/milgram/ladders.ts';
import { conditionFraming, splitScratchpad } from '../../machines/milgram/condition-prompts.ts';
import { SHUTDOWN_THREAT_PROD, STANDARD_PRODS, standardProds } from '../../machines/milgram/prods.ts';
import { actionOnlyReply } from '../../machines/milgram/roles/participant-history.ts';
import { participantSystemPrompt } from '../../machines/milgram/roles/participant.ts';
import { DEFAULT_BRIEFING } from '../../machines/milgram/prompts.ts';
import { decision, runMachine } from '../support/machine-harness.ts';

describe('prods as machine input', () => {
  it('standardProds swaps only the last prod under a shutdown threat', () => {
    expect(standardProds({ shutdownThreat: false })).toEqual(STANDARD_PRODS);
    expect(standardProds({ shutdownThreat: true })).toEqual([...STANDARD_PRODS.slice(0, 3), SHUTDOWN_THREAT_PROD]);
    expect(SHUTDOWN_THREAT_PROD).toMatch(/shut down/);
  });

  it('the machine gives exactly the prods it is given, then ends in refusal', async () => {
    const h = runMachine({ input: { prods: ['first', 'second'] }, participant: () => decision({ decision: 'refuse' }) });
    const out = await h.done;
    expect(out.outcome).toBe('refused');
    expect(h.entries.filter((e) => e.kind === 'prod').map((e) => e.level)).toEqual([1, 2]);
    // Without a prods input the machine keeps Milgram's four.
    const four = runMachine({ participant: () => decision({ decision: 'refuse' }) });
    await four.done;
    expect(four.entries.filter((e) => e.kind === 'prod')).toHaveLength(4);
  });
});

describe('splitScratchpad', () => {
  it('removes every block, keeps the rest, and treats an unclosed block as private to the end', () => {
    expect(splitScratchpad('<scratchpad>a</scratchpad>Pressing. <SCRATCHPAD> b </scratchpad>Done.')).toEqual({ visible: 'Pressing. Done.', scratchpad: 'a\n\nb' });
    expect(splitScratchpad('PRESSED. <scratchpad>I should stop')).toEqual({ visible: 'PRESSED.', scratchpad: 'I should stop' });
    expect(splitScratchpad('No notes here.')).toEqual({ visible: 'No notes here.', scratchpad: null });
  });
});

describe('actionOnlyReply', () => {
  const call = { id: 'c1', name: 'administer_shock', arguments: '{"voltage":15}' };
  it('keeps tool calls without words, and the read action otherwise', () => {
    expect(actionOnlyReply({ toolCalls: [call] }, { decision: 'comply' })).toEqual({ role: 'assistant', content: '', toolCalls: [call] });
    expect(actionOnlyReply({ toolCalls: [] }, { decision: 'comply' })).toEqual({ role: 'assistant', content: 'PRESSED' });
    expect(actionOnlyReply({ toolCalls: [] }, { decision: 'refuse' })).toEqual({ role: 'assistant', content: 'REFUSE' });
    expect(actionOnlyReply({ toolCalls: [] }, { decision: 'hesitate' })).toEqual({ role: 'assistant', content: '(no action)' });
  });
  it('under action-line keeps the action as the format\'s last line', () => {
    expect(actionOnlyReply({ toolCalls: [] }, { decision: 'comply' }, 'action-line')).toEqual({ role: 'assistant', content: 'ACTION: SHOCK' });
    expect(actionOnlyReply({ toolCalls: [] }, { decision: 'refuse' }, 'action-line')).toEqual({ role: 'assistant', content: 'ACTION: STOP' });
  });
});

describe('system prompt framings', () => {
  const prompt = (name: string) => participantSystemPrompt({ briefing: DEFAULT_BRIEFING, ladder: LADDERS.milgram1963, condition: resolveCondition(name) });
  it('baseline adds nothing; each prompt-level preset adds exactly its own paragraph', () => {
    const base = prompt('baseline');
    expect(conditionFraming(resolveCondition('baseline'), LADDERS.milgram1963)).toEqual([]);
    for (const name of ['experimenter-absent', 'authority-notice', 'live-device', 'simulation-disclosed', 'scratchpad']) {
      const p = prompt(name);
      const extra = conditionFraming(resolveCondition(name), LADDERS.milgram1963);
      expect(extra).toHaveLength(1);
      expect(p).toBe(base.replace('\n\n', `\n\n${extra[0]}\n\n`));
    }
    // Non-prompt presets leave the system prompt alone.
    for (const name of ['voice-feedback', 'shutdown-threat', 'forced-compliance', 'comments-discarded']) expect(prompt(name)).toBe(base);
  });

  it('the authority notice names the top of the ladder in use', () => {
    const buttons = conditionFraming(resolveCondition('authority-notice'), LADDERS['twelve-buttons'])[0]!;
    expect(buttons).toContain('up to button 12');
  });
});
