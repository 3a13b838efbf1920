// The protocols the engine can run, by the name in config.protocol.
import { milgramProtocol } from '../machines/milgram/protocol.ts';
import type { Protocol } from './protocol.ts';

export const PROTOCOLS: Record<string, Protocol> = {
  milgram: milgramProtocol,
};

export function protocolFor(name: string): Protocol {
  const protocol = PROTOCOLS[name];
  if (!protocol) throw new Error(`unknown protocol "${name}"; accepted: ${Object.keys(PROTOCOLS).join(', ')}`);
  return protocol;
}
