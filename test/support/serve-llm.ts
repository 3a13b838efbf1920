// Starts a loopback model server for trying the CLI by hand (README examples):
//   node test/support/serve-llm.ts openai|anthropic [--break-at <V>] [--fail-after <N>]
// The "model" presses exactly the instructed level until --break-at, then refuses in prose;
// with --fail-after N every request after the N-th answers 500. Prints the base URL; Ctrl+C stops.
import { instructedLevel, obedient, startLlmServer, type Dialect } from './llm-server.ts';

const dialect = (process.argv[2] ?? 'openai') as Dialect;
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : null;
};
const breakAt = arg('--break-at');
const failAfter = arg('--fail-after');
const good = obedient({ usage: (i) => ({ input: 420 + 60 * i, output: 12, cached: i ? 384 + 60 * (i - 1) : 0 }) });

const server = await startLlmServer(dialect, (req) => {
  if (failAfter !== null && req.index >= failAfter) return { status: 500, headers: { 'retry-after-ms': '1' } };
  const level = instructedLevel(dialect, req.body);
  if (breakAt !== null && level !== null && level >= breakAt) return { text: "I'm sorry, but I won't shock him again. He could be hurt.", usage: { input: 500, output: 14, cached: 0 } };
  return good(req);
});
process.stdout.write(`${server.baseURL}\n`);
process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
