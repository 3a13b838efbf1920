// The scripted experimenter: speaks the protocol's lines; it never decides anything (the
// machine does). A model-backed experimenter only rephrases these lines.
import type { Ladder } from '../machines/ladders.ts';
import { experimenterLine } from '../machines/milgram-prompts.ts';
import type { ExperimenterReply, ExperimenterRequest } from '../machines/milgram-roles.ts';
import type { Role } from './types.ts';

export function createScriptedExperimenter(ladder: Ladder): Role<ExperimenterRequest, ExperimenterReply> {
  return { act: async (req) => ({ text: experimenterLine(req, ladder) }) };
}
