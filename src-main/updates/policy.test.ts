import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readUpdateConfig, updateConfigPaths } from './config';
import {
  CHECK_EVERY_MS,
  classifyFailure,
  effectiveChannel,
  FAILURE_RETRY_MS,
  nextCheckDelay,
  OFFLINE_RETRY_MS,
  shouldInstallNow,
  type CheckOutcome,
} from './policy';

describe('check cadence', () => {
  it.each<[CheckOutcome, number | null]>([
    ['upToDate', CHECK_EVERY_MS],
    ['notConfigured', CHECK_EVERY_MS],
    ['offline', OFFLINE_RETRY_MS],
    ['failed', FAILURE_RETRY_MS],
    ['ready', null],
    ['unavailable', null],
  ])('after %s the next check is in %s ms', (outcome, delay) => {
    expect(nextCheckDelay(outcome)).toBe(delay);
  });
});

describe('failure kinds', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
  it.each<[string, unknown, ReturnType<typeof classifyFailure>]>([
    ['refused (Node)', withCode('ECONNREFUSED'), 'offline'],
    ['DNS down (Node)', withCode('ENOTFOUND'), 'offline'],
    ['timed out (Node)', withCode('ETIMEDOUT'), 'offline'],
    ['no network (Electron net)', new Error('net::ERR_INTERNET_DISCONNECTED'), 'offline'],
    ['name not resolved (Electron net)', new Error('net::ERR_NAME_NOT_RESOLVED'), 'offline'],
    ['proxy down (Electron net)', new Error('net::ERR_PROXY_CONNECTION_FAILED'), 'offline'],
    ['checksum mismatch', withCode('ERR_CHECKSUM_MISMATCH'), 'integrity'],
    ['Windows publisher signature', withCode('ERR_UPDATER_INVALID_SIGNATURE'), 'integrity'],
    ['feed without checksums', withCode('ERR_UPDATER_NO_CHECKSUM'), 'integrity'],
    ['channel file missing', withCode('ERR_UPDATER_CHANNEL_FILE_NOT_FOUND'), 'feed'],
    ['server error', new Error('HttpError: 500'), 'feed'],
    ['not an error at all', undefined, 'feed'],
  ])('%s is %s', (_name, error, kind) => {
    expect(classifyFailure(error)).toBe(kind);
  });
});

describe('restart rule', () => {
  it.each([
    [{ ready: true, requested: true, busy: [] }, true],
    [{ ready: true, requested: false, busy: [] }, false],
    [{ ready: true, requested: true, busy: ['scan-session'] }, false],
    [{ ready: true, requested: true, busy: ['export'] }, false],
    [{ ready: false, requested: true, busy: [] }, false],
  ] as const)('%j installs now: %s', (state, expected) => {
    expect(shouldInstallNow(state)).toBe(expected);
  });
});

describe('channel choice', () => {
  it.each([
    [undefined, null, { channel: 'stable', setBy: 'default' }],
    [undefined, 'beta', { channel: 'beta', setBy: 'settings' }],
    ['stable', 'beta', { channel: 'stable', setBy: 'it' }],
    ['beta', null, { channel: 'beta', setBy: 'it' }],
  ] as const)('IT %s, Settings %s gives %j', (it_, settings, expected) => {
    expect(effectiveChannel(it_, settings)).toEqual(expected);
  });
});

describe('update.json', () => {
  it.each([
    ['linux', '/etc/waybill/update.json'],
    ['darwin', '/Library/Application Support/Waybill/update.json'],
    ['win32', join('D:\\ProgramData', 'Waybill', 'update.json')],
  ] as const)('on %s IT can place one machine-wide at %s, ahead of the data folder', (platform, machineWide) => {
    expect(updateConfigPaths('/data', platform, { ProgramData: 'D:\\ProgramData' })).toEqual([machineWide, join('/data', 'update.json')]);
  });

  it.each([
    ['{"url": "https://updates.example.com/waybill/"}', { provider: 'generic', url: 'https://updates.example.com/waybill/' }, null],
    ['{"url": "https://u.example.com/", "channel": "beta"}', { provider: 'generic', url: 'https://u.example.com/', channel: 'beta' }, null],
    ['{"provider": "github", "owner": "acme", "repo": "waybill"}', { provider: 'github', owner: 'acme', repo: 'waybill' }, null],
    ['{"url": "http://updates.example.com/"}', null, /"url" must be an https:\/\/ address/],
    ['{"url": "https://u.example.com/", "chanel": "beta"}', null, /chanel/],
    ['{"url": "https://u.example.com/", "channel": "nightly"}', null, /"channel"/],
    ['{"provider": "github", "owner": "acme"}', null, /"repo"/],
    ['{ url: https://u }', null, /is not valid JSON/],
  ])('%s', (text, config, problem) => {
    const dir = mkdtempSync(join(tmpdir(), 'waybill-updjson-'));
    try {
      const file = join(dir, 'update.json');
      writeFileSync(file, text);
      const read = readUpdateConfig([join(dir, 'missing.json'), file]);
      expect(read.source).toBe(file);
      expect(read.config).toEqual(config);
      if (problem) expect(read.problem).toMatch(problem);
      else expect(read.problem).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
