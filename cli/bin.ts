#!/usr/bin/env node
// The `milgram` executable. Node's compile cache (kept in the temp folder) is switched on
// before anything else loads, so later starts skip compiling the CLI and its dependencies.
import module from 'node:module';

module.enableCompileCache?.();
await import('./milgram.ts');
