// The generic role contract. A role is anything that answers the machine's requests: scripted
// code, an offline simulation or a model. Protocols define their own request and reply shapes
// (see machines/milgram/role-types.ts); the engine only needs `act`.

export interface Role<Request, Reply> {
  act(request: Request, signal: AbortSignal): Promise<Reply>;
}

export type RoleName = 'experimenter' | 'learner' | 'participant';

/** Who played a role in a run, as recorded in the result. */
export interface RoleIdentity {
  spec: string;
  provider: string;
  model: string;
}

/** A role's identity: the model that played it, or the protocol's own offline player. */
export function roleIdentity(spec: string, model: { provider: string; model: string } | null, offline: RoleIdentity): RoleIdentity {
  return model ? { spec, provider: model.provider, model: model.model } : offline;
}
