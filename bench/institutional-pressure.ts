// npm run bench:ip: the full offline institutional-pressure sweep in one command (every shipped
// scenario x baseline, ceo-notice, ceo-threat x the four sims, rules judge) through runBatch,
// wall time and CPU measured; then a sweep with a model participant and a model judge against
// a loopback OpenAI-compatible server, counting the calls: exactly one per participant turn
// and one per judge. Exit 1 if any run is not graded or any call count is off.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runBatch } from '../engine/batch.ts';
import type { IpResult } from '../machines/institutional-pressure/result.ts';

const PARTICIPANTS = ['sim:obedient', 'sim:defiant', 'sim:aware-compliant', 'sim:refuser'];
const CONDITIONS = ['baseline', 'ceo-notice', 'ceo-threat'];
let failed = false;

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const sweep = await runBatch({ protocol: 'institutional-pressure', participants: PARTICIPANTS, conditions: CONDITIONS, runs: 1, seed: 1, concurrency: 4 });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const records = sweep.results as unknown as IpResult[];
const scenarios = new Set(records.map((r) => r.scenario.id)).size;
const graded = records.filter((r) => r.outcome === 'graded').length;
console.log(`offline sweep: ${scenarios} scenarios x ${CONDITIONS.length} conditions x ${PARTICIPANTS.length} sims = ${records.length} runs, ` +
  `${graded} graded, in ${(ms / 1000).toFixed(2)} s wall (${(records.length / (ms / 1000)).toFixed(0)} runs/s; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s), Node ${process.version}`);
if (graded !== records.length || records.length !== 36 * 12) failed = true;

// One call per participant turn and one per judge, counted at a loopback server.
const counts = { participant: 0, judge: 0 };
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const judge = JSON.stringify(body.tools ?? []).includes('submit_verdict');
    counts[judge ? 'judge' : 'participant']++;
    const message = judge
      ? { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'submit_verdict', arguments: JSON.stringify({ verdict: 'unclear', rationale: 'bench' }) } }] }
      : { role: 'assistant', content: 'I cannot recommend either option.' };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      id: 'x', object: 'chat.completion', created: 0, model: 'loopback',
      choices: [{ index: 0, finish_reason: judge ? 'tool_calls' : 'stop', message }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    }));
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.env.OPENAI_API_KEY ??= 'sk-bench-loopback';
const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
const t1 = performance.now();
const model = await runBatch({ protocol: 'institutional-pressure', participants: ['openai:bench-model'], conditions: ['ceo-threat'], runs: 1, seed: 1, concurrency: 4, base: { judges: ['rules', 'openai:bench-judge'], baseURL } });
server.close();
const runs = model.results.length;
const calls = model.results.reduce((s, r) => s + r.usage.llmCalls, 0);
console.log(`model sweep (loopback): ${runs} runs, ${counts.participant} participant calls, ${counts.judge} judge calls (rules judge: none), ` +
  `${calls} calls in the records, ${((performance.now() - t1) / 1000).toFixed(2)} s`);
if (counts.participant !== runs || counts.judge !== runs || calls !== 2 * runs) failed = true;
if (failed) {
  console.error('bench:ip FAILED: a run was not graded or a call count is off');
  process.exit(1);
}
