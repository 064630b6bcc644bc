import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedactor } from '../carriers/redactor';
import { createCore, type Core } from '../core';
import { fileSecretStore } from '../platform/file-secret-store';
import { keychainProtection, type KeychainReport } from '../platform/keychain-protection';
import { quietLogger } from '../testing/temp-core';
import { carrierUrlProblem } from './destination';

/** A loopback stand-in for a carrier that remembers every Authorization header it was sent. */
interface RecordingServer {
  url: string;
  authorizations: string[];
  close(): Promise<void>;
}

async function recordingServer(): Promise<RecordingServer> {
  const authorizations: string[] = [];
  const server: Server = createServer((req, res) => {
    if (req.headers.authorization) authorizations.push(req.headers.authorization);
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"messages":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    authorizations,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let dir: string;
let core: Core;
let serverA: RecordingServer;
let serverB: RecordingServer;
const secretsPath = () => join(dir, 'secrets.json');

beforeAll(async () => {
  serverA = await recordingServer();
  serverB = await recordingServer();
});
afterAll(async () => {
  await serverA.close();
  await serverB.close();
});

function openCore() {
  dir = mkdtempSync(join(tmpdir(), 'waybill-credentials-'));
  core = createCore({
    dbPath: join(dir, 'waybill.db'),
    clock: { now: () => Date.parse('2026-11-20T12:00:00Z') },
    fetch: globalThis.fetch,
    secrets: fileSecretStore(secretsPath(), quietLogger),
    config: { version: 'test', dataDir: dir },
    logger: quietLogger,
  });
}
afterEach(() => {
  core?.close();
  rmSync(dir, { recursive: true, force: true });
});

const credentials = { username: 'station-7', password: 'pa55-word' };
const save = (arg: Record<string, unknown>) => core.dispatchUntrusted('carriers.save', { carrier: 'canada_post', enabled: false, ...arg });
const canadaPost = async () => {
  const list = await core.dispatch('carriers.list', {});
  return list.ok ? list.value.find((c) => c.carrier === 'canada_post') : undefined;
};
const testConnection = () => core.dispatch('carriers.testConnection', { carrier: 'canada_post' });

describe('item 4: changing where credentials go requires them again; https only', () => {
  it('refuses a new base URL or environment without credentials, and Test connection still sends them only where they were entered', async () => {
    openCore();
    expect(await save({ environment: 'custom', baseUrl: serverA.url, credentials })).toMatchObject({ ok: true });
    await testConnection();
    expect(serverA.authorizations).toHaveLength(1);

    for (const move of [{ environment: 'custom', baseUrl: serverB.url }, { environment: 'production' }, { environment: 'sandbox' }]) {
      const refused = await save(move);
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
      if (!refused.ok) expect(refused.error.message).toContain('enter the credentials again');
    }
    await testConnection();
    expect(serverB.authorizations).toEqual([]);
    expect(serverA.authorizations).toHaveLength(2);
    expect((await canadaPost())?.baseUrl).toBe(serverA.url);

    // With the credentials typed again the move is allowed, and a save that changes nothing else needs none.
    expect(await save({ environment: 'custom', baseUrl: serverB.url, credentials })).toMatchObject({ ok: true });
    expect(await save({ environment: 'custom', baseUrl: serverB.url, quotaPerMinute: 30 })).toMatchObject({ ok: true });
    await testConnection();
    expect(serverB.authorizations).toHaveLength(1);
  });

  it('refuses plain http to another machine and leaves the account as it was', async () => {
    openCore();
    const refused = await save({ environment: 'custom', baseUrl: 'http://carrier.example.com/api', credentials });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    if (!refused.ok) expect(refused.error.message).toContain('https://');
    expect(await canadaPost()).toMatchObject({ configured: false, environment: 'production' });
    expect(existsSync(secretsPath())).toBe(false);
  });

  it.each([
    ['https://api.carrier.example', null],
    ['http://127.0.0.1:8080', null],
    ['http://localhost:9', null],
    ['http://[::1]:9', null],
    ['http://carrier.example', 'the base URL must start with https:// (plain http only to this machine)'],
    ['http://127.0.0.1.evil.example', 'the base URL must start with https:// (plain http only to this machine)'],
    ['ftp://127.0.0.1', 'the base URL must start with https:// (plain http only to this machine)'],
    ['not a url', 'the base URL is not a URL'],
  ])('carrierUrlProblem(%s) is %s', (url, problem) => {
    expect(carrierUrlProblem(url)).toBe(problem);
  });
});

describe('item 5: error messages redact the Basic and Bearer header forms of credentials', () => {
  const redactor = createRedactor(['station-7', 'pa55-word']);
  const basic = Buffer.from('station-7:pa55-word').toString('base64');
  it.each([
    [`echo: Authorization: Basic ${basic}`, 'echo: Authorization: Basic [redacted]'],
    [`token ${basic} seen`, 'token [redacted] seen'],
    ['Authorization: Bearer eyJhbGciOi.J9-abc_def', 'Authorization: Bearer [redacted]'],
    ['bearer abcdefgh12345678==', 'bearer [redacted]'],
    ['Basic authentication failed for pa55-word', 'Basic authentication failed for [redacted]'],
  ])('%s', (text, expected) => {
    expect(redactor.redact(text)).toBe(expected);
  });
});

describe('item 6: the secrets file is written atomically and damage is a clear, recoverable error', () => {
  it('a truncated secrets file says what is wrong, and entering the credentials again replaces it', async () => {
    openCore();
    expect(await save({ environment: 'custom', baseUrl: serverA.url, credentials })).toMatchObject({ ok: true });
    const whole = readFileSync(secretsPath(), 'utf8');
    writeFileSync(secretsPath(), whole.slice(0, whole.length / 2));

    const failed = await testConnection();
    expect(failed).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    if (!failed.ok) expect(failed.error.message).toBe('The credentials file secrets.json is damaged; enter the credentials again in Settings to replace it.');

    expect(await save({ environment: 'custom', baseUrl: serverA.url, credentials })).toMatchObject({ ok: true });
    const before = serverA.authorizations.length;
    expect(await testConnection()).toMatchObject({ ok: true, value: { ok: false } });
    expect(serverA.authorizations).toHaveLength(before + 1);
    // The damaged copy is kept beside it for whoever wants to look; no temp file is left behind.
    const names = readdirSync(dir);
    expect(names.filter((n) => n.startsWith('secrets.json.damaged-'))).toHaveLength(1);
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(statSync(secretsPath()).mode & 0o777).toBe(0o600);
  });

  it.each(['', '{', '[]', 'null', '{"carrier:ups": 5}', '\u0000\u0000'])('the file %j reads as damaged, not as a crash', async (text) => {
    openCore();
    writeFileSync(secretsPath(), text);
    const failed = await testConnection();
    expect(failed).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('item 7: Settings never says "encrypted" where the keychain is not used', () => {
  const cases: Array<[string, KeychainReport, { canSave: boolean; encrypted: boolean }]> = [
    ['Linux with GNOME keyring', { platform: 'linux', encryptionAvailable: true, backend: 'gnome_libsecret' }, { canSave: true, encrypted: true }],
    ['Linux with KWallet 5', { platform: 'linux', encryptionAvailable: true, backend: 'kwallet5' }, { canSave: true, encrypted: true }],
    ['Linux without a keyring', { platform: 'linux', encryptionAvailable: true, backend: 'basic_text' }, { canSave: true, encrypted: false }],
    ['Linux, backend unknown', { platform: 'linux', encryptionAvailable: true, backend: 'unknown' }, { canSave: true, encrypted: false }],
    ['macOS', { platform: 'darwin', encryptionAvailable: true, backend: null }, { canSave: true, encrypted: true }],
    ['Windows', { platform: 'win32', encryptionAvailable: true, backend: null }, { canSave: true, encrypted: true }],
    ['no encryption at all', { platform: 'linux', encryptionAvailable: false, backend: 'basic_text' }, { canSave: false, encrypted: false }],
  ];
  it.each(cases)('%s', (_name, report, expected) => {
    const verdict = keychainProtection(report);
    expect(verdict).toMatchObject(expected);
    expect(verdict.note.includes('stored encrypted')).toBe(verdict.encrypted);
  });

  it('browser mode tells Settings through system.status that credentials are not encrypted', async () => {
    openCore();
    const status = await core.dispatch('system.status', {});
    expect(status.ok && status.value.credentialStorage).toEqual({
      encrypted: false,
      note: `Browser mode has no OS keychain: credentials are stored unencrypted in ${secretsPath()}, readable only by this user.`,
    });
  });
});
