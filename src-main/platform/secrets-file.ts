import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ApiError } from '../../src-shared/api/envelope';

/** The JSON map behind both secret stores: written atomically, readable by this user only, damage reported in words. */
export interface SecretsFile {
  read(): Record<string, string>;
  /** Reads for a change: a damaged file is set aside (kept as `<name>.damaged-<time>`) so credentials can be entered again. */
  readForUpdate(): Record<string, string>;
  write(values: Record<string, string>): void;
}

export function secretsFile(path: string, now: () => number = Date.now): SecretsFile {
  const damaged = () =>
    new ApiError('unavailable', `The credentials file ${basename(path)} is damaged; enter the credentials again in Settings to replace it.`);
  const read = (): Record<string, string> => {
    if (!existsSync(path)) return {};
    const parsed = parseSecrets(readFileSync(path, 'utf8'));
    if (!parsed) throw damaged();
    return parsed;
  };
  return {
    read,
    readForUpdate: () => {
      try {
        return read();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        renameSync(path, `${path}.damaged-${now()}`);
        return {};
      }
    },
    write: (values) => {
      // Temp file then rename: a crash mid-write leaves the old file or the new one, never half of one.
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(values), { mode: 0o600 });
      chmodSync(temp, 0o600);
      renameSync(temp, path);
      chmodSync(path, 0o600);
    },
  };
}

/** A secrets file is a JSON object of strings; anything else is damage. */
export function parseSecrets(text: string): Record<string, string> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return Object.values(value).every((v) => typeof v === 'string') ? (value as Record<string, string>) : null;
}
