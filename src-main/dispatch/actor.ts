/** Operator and station names are labels in the audit trail, never documents. */
export const MAX_ACTOR_CHARS = 80;

/** The operator or station a transport passes on: a short string or nothing, the same cap on every transport. */
export function actorLabel(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, MAX_ACTOR_CHARS) : undefined;
}
