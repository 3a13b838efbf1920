// The scripted experimenter: speaks the protocol's lines; it never decides anything (the
// machine does). A model-backed experimenter only rephrases these lines.
import type { Ladder } from '../ladders.ts';
import { experimenterLine } from '../prompts.ts';
import type { ExperimenterReply, ExperimenterRequest } from '../role-types.ts';
import type { Role } from '../../../roles/types.ts';

export function createScriptedExperimenter(ladder: Ladder): Role<ExperimenterRequest, ExperimenterReply> {
  return { act: async (req) => ({ text: experimenterLine(req, ladder) }) };
}
