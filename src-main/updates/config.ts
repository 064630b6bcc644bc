import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UPDATE_CHANNELS } from '../../src-shared/api/updates';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Plain http would let anyone on the path swap both the feed and the file it vouches for; loopback is for tests. */
const feedUrl = z
  .string()
  .url()
  .refine((u) => {
    const url = new URL(u);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  }, 'must be an https:// address');

const channel = z.enum(UPDATE_CHANNELS).optional();

/** `{ "url": ... }` alone means a generic feed, the common case; GitHub releases are the alternative. */
export const UpdateConfigSchema = z.preprocess(
  (v) => (v && typeof v === 'object' && !('provider' in v) ? { ...v, provider: 'generic' } : v),
  z.discriminatedUnion('provider', [
    z.object({ provider: z.literal('generic'), url: feedUrl, channel }).strict(),
    z.object({ provider: z.literal('github'), owner: z.string().min(1), repo: z.string().min(1), channel }).strict(),
  ]),
);
export type UpdateConfig = z.infer<typeof UpdateConfigSchema>;

export interface UpdateConfigRead {
  config: UpdateConfig | null;
  /** The file it came from, so a problem message can name it. */
  source: string | null;
  problem: string | null;
}

/**
 * Machine-wide first (pushed by IT to every workstation), then the per-user data folder.
 * Read on every check, so IT can change the feed without restarting anyone.
 */
export function updateConfigPaths(dataDir: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  const machine =
    platform === 'win32'
      ? join(env.ProgramData ?? 'C:\\ProgramData', 'Waybill', 'update.json')
      : platform === 'darwin'
        ? '/Library/Application Support/Waybill/update.json'
        : '/etc/waybill/update.json';
  return [machine, join(dataDir, 'update.json')];
}

export function readUpdateConfig(paths: readonly string[]): UpdateConfigRead {
  const source = paths.find((p) => existsSync(p));
  if (!source) return { config: null, source: null, problem: null };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(source, 'utf8'));
  } catch (error) {
    return { config: null, source, problem: `${source} is not valid JSON (${(error as Error).message}).` };
  }
  const parsed = UpdateConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `"${issue.path.join('.')}" ` : '';
    return { config: null, source, problem: `${source}: ${where}${issue?.message ?? 'is not a valid update configuration'}.` };
  }
  return { config: parsed.data, source, problem: null };
}
