import { readFileSync } from 'node:fs';
import type { ClientConfig } from 'pg';
import { z } from 'zod';
import type { SecretStore } from '../platform/ports';

/**
 * How this station reaches the hub. It holds a password, so it lives in the SecretStore beside the carrier
 * credentials (OS keychain in the app), never in SQLite, never in a log line, never sent to a window.
 */
export const TLS_MODES = ['disable', 'require', 'verify-full'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

export const hubConfigSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
  database: z.string().min(1),
  user: z.string().min(1),
  password: z.string(),
  tls: z.enum(TLS_MODES),
  /** PEM file of the CA that signed the hub's certificate; verify-full without it trusts Node's public CAs. */
  caFile: z.string().min(1).nullable(),
});
export type HubConfig = z.infer<typeof hubConfigSchema>;

export const HUB_SECRET_KEY = 'hub:connection';

/** libpq's sslmode words this station understands; `prefer` and `allow` fall back to clear text silently, so they are refused. */
const SSLMODE: Record<string, TlsMode> = { disable: 'disable', require: 'require', 'verify-full': 'verify-full' };

/**
 * `postgres://user:password@host:port/db?sslmode=verify-full&sslrootcert=/path/ca.pem`, the form every
 * PostgreSQL tool takes. Throws a message that never repeats the password.
 */
export function parseHubUrl(text: string): HubConfig {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('the hub address must look like postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error('the hub address must start with postgres://');
  const unknown = [...url.searchParams.keys()].filter((k) => k !== 'sslmode' && k !== 'sslrootcert');
  if (unknown.length) throw new Error(`the hub address has options this station does not use: ${unknown.join(', ')}`);
  const sslmode = url.searchParams.get('sslmode') ?? 'verify-full';
  const tls = SSLMODE[sslmode];
  if (!tls) throw new Error(`sslmode must be one of ${TLS_MODES.join(', ')} (got ${sslmode})`);
  const parsed = hubConfigSchema.safeParse({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 5432,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    tls,
    caFile: url.searchParams.get('sslrootcert'),
  });
  if (!parsed.success) throw new Error(`the hub address needs ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return parsed.data;
}

/** What a person or a log may see: everything but the password. */
export const describeHub = (config: HubConfig): string =>
  `postgres://${encodeURIComponent(config.user)}@${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}/${encodeURIComponent(config.database)} (tls ${config.tls})`;

/** node-postgres options. verify-full checks the chain and the host name (Node's default for a TLS socket). */
export function pgClientConfig(config: HubConfig, readFile: (path: string) => Buffer = readFileSync): ClientConfig {
  const ssl =
    config.tls === 'disable'
      ? false
      : config.tls === 'require'
        ? { rejectUnauthorized: false }
        : { rejectUnauthorized: true, ...(config.caFile ? { ca: readFile(config.caFile) } : {}) };
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    ssl,
    application_name: 'waybill-station',
  };
}

export async function readHubConfig(secrets: SecretStore): Promise<HubConfig | null> {
  const text = await secrets.get(HUB_SECRET_KEY);
  if (text === null) return null;
  let value: unknown = null;
  try {
    value = JSON.parse(text);
  } catch {
    // Falls through to "not configured" below.
  }
  const parsed = hubConfigSchema.safeParse(value);
  // A damaged entry is treated as not configured rather than crashing every start; `hub connect` rewrites it.
  return parsed.success ? parsed.data : null;
}

export const saveHubConfig = (secrets: SecretStore, config: HubConfig): Promise<void> =>
  secrets.set(HUB_SECRET_KEY, JSON.stringify(hubConfigSchema.parse(config)));

export const forgetHubConfig = (secrets: SecretStore): Promise<void> => secrets.delete(HUB_SECRET_KEY);
