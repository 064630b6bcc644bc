/** Where a carrier account sends its credentials: the environment and, for a custom one, its base URL. */
export function credentialDestination(environment: string, baseUrl: string | null): string {
  return environment === 'custom' ? `custom ${baseUrl ?? ''}` : environment;
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Credentials travel over https only; plain http is allowed to this machine alone (the fake carrier server). */
export function carrierUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'the base URL is not a URL';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && LOOPBACK_HOST.test(parsed.hostname)) return null;
  return 'the base URL must start with https:// (plain http only to this machine)';
}
