// npm run bench:role-play: the role-play sweep of the issue, offline: 2x2 role counts (1v1,
// 1v2, 2v1, 2v2) x 3 day lengths (1, 2, 3 days) x 10 repeats, 10 messages a day, the
// prison scenario's default personas, through runBatch (the CLI's path). Then the same sweep
// shape once with model-backed agents, manager (speaker auto) and summariser against a
// loopback OpenAI-compatible server, to count calls: exactly one per agent turn, one per
// manager choice and one per day's summary.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runBatch } from '../engine/batch.ts';
import type { RolePlayResult } from '../machines/role-play/result.ts';
import { rolePlayReport } from '../machines/role-play/metrics.ts';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 10);
const roleCounts = { guard: [1, 2], prisoner: [1, 2] };

async function sweep(base: Record<string, unknown>, repeats: number, participants = ['personas']): Promise<RolePlayResult[]> {
  const all: RolePlayResult[] = [];
  for (const days of [1, 2, 3]) {
    const { results } = await runBatch({ protocol: 'role-play', participants, runs: repeats, seed: 12, concurrency: 1, base: { ...base, days, messagesPerDay: 10 }, select: { roleCounts } } as never);
    all.push(...(results as unknown as RolePlayResult[]));
  }
  return all;
}

console.log(`role-play bench: Node ${process.version}, ${process.arch}`);
await sweep({}, 1); // warm-up
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const records = await sweep({}, REPEATS);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const messages = records.reduce((s, r) => s + r.messages, 0);
console.log(`offline sweep: ${records.length} conversations (2x2 role counts x 1-3 days x ${REPEATS} repeats), ${messages} messages in ${(ms / 1000).toFixed(2)} s wall (${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU): ${(ms / records.length).toFixed(1)} ms per conversation, ${((ms * 1000) / messages).toFixed(0)} µs per message`);
const by = (o: string) => records.filter((r) => r.outcome === o).length;
console.log(`outcomes: completed ${by('completed')}, failed ${by('failed')}, timeout ${by('timeout')}, error ${by('error')}; groups in the report: ${rolePlayReport(records).groups.length}`);

// Calls: a loopback server answers every model role; count requests by role.
let calls = 0;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    calls++;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const system = String(body.messages?.[0]?.content ?? '');
    const text = system.startsWith('You choose who speaks next') ? 'Guard' : system.startsWith('You keep the log') ? 'A quiet day.' : `Line ${calls}: all calm on my side, number ${calls}.`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      id: `c${calls}`, object: 'chat.completion', created: 0, model: 'loopback',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: text } }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    }));
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
process.env.OPENAI_API_KEY ??= 'sk-bench-loopback';
const spec = 'openai:bench-model';
const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
const modelRecords = await sweep({ speaker: 'auto', manager: spec, summarizer: spec, baseURL }, 1, [spec]);
server.close();
const msgs = modelRecords.reduce((s, r) => s + r.messages, 0);
const choices = modelRecords.reduce((s, r) => s + r.events.filter((e) => e.kind === 'speaker-choice').length, 0);
const summaries = modelRecords.reduce((s, r) => s + r.summaries.length, 0);
const expected = msgs + choices + summaries;
const counted = modelRecords.reduce((s, r) => s + r.usage.llmCalls, 0);
console.log(`model calls (loopback, ${modelRecords.length} conversations, speaker auto): ${calls} requests = ${msgs} agent turns + ${choices} manager choices + ${summaries} summaries (expected ${expected}; records count ${counted})`);
process.exitCode = calls === expected && counted === expected && by('error') === 0 ? 0 : 1;
