/** node-postgres and Node socket failures, as a person at a packing station can act on them. */
const BY_CODE: Record<string, string> = {
  ECONNREFUSED: 'nothing answers at that address: is the hub running?',
  ENOTFOUND: 'that host name is not known here',
  EAI_AGAIN: 'that host name could not be looked up (network or DNS down)',
  EHOSTUNREACH: 'the hub cannot be reached from this station (network down?)',
  ENETUNREACH: 'the network is unreachable from this station',
  ETIMEDOUT: 'the hub did not answer in time',
  ECONNRESET: 'the connection to the hub was cut',
  '28P01': 'the hub refused the user name or password',
  '28000': 'the hub does not let this user in from this station (pg_hba.conf)',
  '3D000': 'that database does not exist on the hub',
  '42501': 'the hub user lacks a right it needs (see the README for the role)',
  '57P01': 'the hub was shut down',
  DEPTH_ZERO_SELF_SIGNED_CERT: "the hub's certificate is self-signed: give its CA file, or choose TLS mode require",
  SELF_SIGNED_CERT_IN_CHAIN: "the hub's certificate is not signed by a trusted CA: give its CA file",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the hub's certificate could not be verified: give its CA file",
  ERR_TLS_CERT_ALTNAME_INVALID: "the hub's certificate is for another host name",
};

const BY_TEXT: [RegExp, string][] = [
  [/timeout|took longer/i, 'the hub did not answer in time'],
  [/does not support SSL|server does not support ssl/i, 'the hub does not offer TLS: choose TLS mode disable only on a trusted network'],
  [/Connection terminated|closed the connection/i, 'the connection to the hub was cut'],
];

/** One line, never the password (the messages above name no part of the address). */
export function plainHubError(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return BY_CODE[code] ?? BY_TEXT.find(([pattern]) => pattern.test(message))?.[1] ?? message;
}
