// `milgram run` turns off V8's allocation-site pretenuring for its own process.
//
// V8 watches which allocation sites make objects that survive young-generation collections and
// then allocates those sites' objects directly in the old generation. A run's objects (the
// transcript entries its machine emits, the inputs and replies of its roles) live exactly as
// long as the run, and V8 takes them for long-lived: measured, 99% of them were allocated old.
// Old garbage that points at young objects keeps those alive through every scavenge, which
// then copies them; scavenges took 10 to 15 ms instead of 2. Without pretenuring, 2,000
// simulated runs through this command take 6.6 s instead of 9.4 s; `report` and `view` (which
// do keep what they build) are no faster or slower, so only `run` sets it. It is a V8 option
// Node refuses in NODE_OPTIONS, and a process-wide one, so the library (`runExperiment` inside
// a user's own process) leaves it alone. docs/architecture.md#engine-cost has the figures.
import { setFlagsFromString } from 'node:v8';

export function tuneHeapForRuns(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
