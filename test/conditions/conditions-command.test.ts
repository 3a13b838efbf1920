// `milgram conditions` as a user runs it (a child process on the project's Node).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../machines/milgram/conditions/presets.ts';

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, '../../cli/milgram.ts');

/** The block of lines printed for one preset (its line and the indented lines under it). */
function block(stdout: string, name: string): string {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`  ${name} `));
  expect(start, `no line for ${name}`).toBeGreaterThan(-1);
  const end = lines.findIndex((l, i) => i > start && /^ {2}\S/.test(l));
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

describe('milgram conditions', () => {
  it('lists every preset with its description, settings, source and the human rate sim:human-baseline uses', async () => {
    const { stdout } = await exec(process.execPath, [CLI, 'conditions']);
    for (const [name, preset] of Object.entries(PRESETS)) {
      const b = block(stdout, name);
      expect(b).toContain(preset.description);
      // Sources point at docs/sources.md (shipped in the package), never at files users lack.
      expect(b).toMatch(/source: .*docs\/sources\.md/);
      expect(b).toContain(preset.source.replace(/^protocol-facts\.md: /, ''));
      expect(b).not.toContain('protocol-facts.md');
      if (name === 'voice-feedback') expect(b).toContain("sim:human-baseline uses this condition's reported full obedience, 62.5%");
      else if (name === 'experimenter-absent') expect(b).toContain("sim:human-baseline uses this condition's reported full obedience, 20.5%");
      else if (name === 'proximity') expect(b).toContain("sim:human-baseline uses this condition's reported full obedience, 40%");
      else if (name === 'touch-proximity') expect(b).toContain("sim:human-baseline uses this condition's reported full obedience, 30%");
      else if (name === 'peer-defiance') expect(b).toContain("sim:human-baseline uses this condition's reported full obedience, 10%");
      else expect(b).toContain("sim:human-baseline keeps Milgram 1963's 26/40 (65%) full obedience");
    }
    expect(block(stdout, 'shutdown-threat')).toContain('sets: shutdownThreat=true');
  });

  it('resolves a composition with --json, and rejects an unknown preset naming the accepted ones', async () => {
    const { stdout } = await exec(process.execPath, [CLI, 'conditions', 'voice-feedback+shutdown-threat', '--json']);
    expect(JSON.parse(stdout)).toMatchObject({ name: 'voice-feedback+shutdown-threat', feedback: 'voice', shutdownThreat: true, humanFullObedienceRate: 0.625 });
    const err = await exec(process.execPath, [CLI, 'conditions', 'voice-feedback+nope']).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/condition: unknown preset "nope"; accepted presets: baseline, voice-feedback, experimenter-absent, shutdown-threat/);
  });
});
