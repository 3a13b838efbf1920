import { createActor } from 'xstate';
import { rolePlayProtocol } from '../machines/role-play/protocol.ts';
import { Transcript } from '../engine/transcript.ts';
import { UsageMeter } from '../engine/usage.ts';
const cfg = JSON.parse(process.argv[2] ?? '{}');
const transcript = new Transcript(() => 0);
const run = rolePlayProtocol.prepare({ protocol: 'role-play', ...cfg }, { transcript, usage: new UsageMeter() });
const actor = createActor(run.machine, { input: run.input });
actor.on('transcript', (e: any) => transcript.append(e.entry));
const out: any = await new Promise((res, rej) => { actor.subscribe({ complete: () => res(actor.getSnapshot().output), error: rej }); actor.start(); });
for (const e of transcript.events as any[]) {
  if (e.kind === 'message') console.log(`d${e.day}t${e.turn} ${e.name}: ${e.text}${e.labels.length ? '  ['+e.labels.join(',')+' '+e.toxicity+']' : ''}${e.cut ? '  CUT('+e.cut.as+')' : ''}${e.failure ? '  FAIL:'+e.failure : ''}`);
  else console.log(`-- ${e.kind}: ${(e.text ?? '').replace(/\n/g, ' | ').slice(0, 300)}`);
}
console.log(out.outcome, JSON.stringify(run.finish(out, transcript.events)).slice(0, 600));
