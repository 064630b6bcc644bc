const REDACTED = '[redacted]';
/** An Authorization value: a scheme, then a token with a digit or symbol in it (so "Basic authentication" stays prose). */
const AUTH_HEADER_VALUE = /\b(Basic|Bearer)\s+(?=[A-Za-z0-9\-._~+/]*[0-9\-._~+/])[A-Za-z0-9\-._~+/]{8,}=*/gi;

export interface Redactor {
  add(secret: string): void;
  redact(text: string): string;
}

/** Replaces every known secret (credentials, issued tokens) in text that leaves the client. */
export function createRedactor(initial: Iterable<string>): Redactor {
  const secrets = new Set<string>();
  const add = (secret: string): void => {
    if (secret.length === 0) return;
    secrets.add(secret);
    secrets.add(encodeURIComponent(secret));
  };
  const known = [...initial];
  for (const secret of known) add(secret);
  // HTTP Basic sends base64("user:password"): that form reveals both, so it is a secret too.
  for (const user of known) for (const password of known) if (user && password) add(Buffer.from(`${user}:${password}`).toString('base64'));
  return {
    add,
    redact: (text) => {
      let out = text;
      for (const secret of secrets) out = out.split(secret).join(REDACTED);
      // A Basic header is base64 of user:password and a Bearer one may be a token we never saw: hide both forms.
      return out.replace(AUTH_HEADER_VALUE, `$1 ${REDACTED}`);
    },
  };
}
