// YAML parsing, with the yaml package loaded on first use: only study files and scenario
// files are YAML, and most commands (every `milgram run` without them) never load it.
import { createRequire } from 'node:module';
import type { ParseOptions, DocumentOptions, SchemaOptions, ToJSOptions } from 'yaml';

let yaml: typeof import('yaml') | undefined;

export function parseYaml(text: string, options?: ParseOptions & DocumentOptions & SchemaOptions & ToJSOptions): unknown {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yaml.parse(text, options);
}
