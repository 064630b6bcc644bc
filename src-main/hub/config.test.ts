import { describe, expect, it } from 'vitest';
import { describeHub, parseHubUrl, pgClientConfig, readHubConfig, saveHubConfig, HUB_SECRET_KEY } from './config';
import { advisoryKey, uuidv7 } from './keys';
import { memorySecretStore } from '../platform/ports';

describe('hub address', () => {
  it.each([
    [
      'postgres://ops:s3cret@hub.lan:6543/waybill?sslmode=verify-full&sslrootcert=/etc/waybill/ca.pem',
      { host: 'hub.lan', port: 6543, database: 'waybill', user: 'ops', password: 's3cret', tls: 'verify-full', caFile: '/etc/waybill/ca.pem' },
    ],
    [
      'postgresql://ops:p%40ss@10.0.0.5/waybill',
      { host: '10.0.0.5', port: 5432, database: 'waybill', user: 'ops', password: 'p@ss', tls: 'verify-full', caFile: null },
    ],
    ['postgres://ops:x@[::1]:5432/hub?sslmode=require', { host: '::1', port: 5432, database: 'hub', user: 'ops', password: 'x', tls: 'require', caFile: null }],
    [
      'postgres://ops:x@127.0.0.1/hub?sslmode=disable',
      { host: '127.0.0.1', port: 5432, database: 'hub', user: 'ops', password: 'x', tls: 'disable', caFile: null },
    ],
  ])('%s', (url, expected) => expect(parseHubUrl(url)).toEqual(expected));

  it.each([
    ['hub.lan:5432', /postgres:\/\//],
    ['mysql://ops:x@hub/db', /must start with postgres/],
    ['postgres://ops:x@hub/db?sslmode=prefer', /sslmode must be one of/],
    ['postgres://ops:x@hub/db?connect_timeout=5', /connect_timeout/],
    ['postgres://ops:x@hub/', /database/],
    ['postgres://:x@hub/db', /user/],
  ])('refuses %s without repeating the password', (url, message) => {
    expect(() => parseHubUrl(url)).toThrow(message);
    try {
      parseHubUrl(url);
    } catch (error) {
      expect((error as Error).message).not.toContain(':x@');
    }
  });

  it('describes the hub without its password, and verifies the certificate and host with verify-full', () => {
    const config = parseHubUrl('postgres://ops:s3cret@hub.lan/waybill?sslrootcert=/ca.pem');
    expect(describeHub(config)).toBe('postgres://ops@hub.lan:5432/waybill (tls verify-full)');
    expect(pgClientConfig(config, () => Buffer.from('PEM')).ssl).toEqual({ rejectUnauthorized: true, ca: Buffer.from('PEM') });
    expect(pgClientConfig({ ...config, tls: 'require' }).ssl).toEqual({ rejectUnauthorized: false });
    expect(pgClientConfig({ ...config, tls: 'disable' }).ssl).toBe(false);
  });

  it('is kept in the secret store, and a damaged entry reads as no hub', async () => {
    const secrets = memorySecretStore();
    expect(await readHubConfig(secrets)).toBeNull();
    const config = parseHubUrl('postgres://ops:s3cret@hub.lan/waybill');
    await saveHubConfig(secrets, config);
    expect(await readHubConfig(secrets)).toEqual(config);
    await secrets.set(HUB_SECRET_KEY, '{not json');
    expect(await readHubConfig(secrets)).toBeNull();
  });
});

describe('ids and lock keys', () => {
  it('makes UUIDv7 ids that carry their time and sort by it', () => {
    const a = uuidv7(Date.parse('2026-12-06T10:00:00Z'), Buffer.alloc(10, 0xff));
    const b = uuidv7(Date.parse('2026-12-06T10:00:01Z'), Buffer.alloc(10, 0));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(Number.parseInt(a.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.parse('2026-12-06T10:00:00Z'));
  });

  it('gives each job its own signed 64-bit lock key, the same on every station', () => {
    expect(advisoryKey('rules')).toBe(advisoryKey('rules'));
    expect(advisoryKey('rules')).not.toBe(advisoryKey('sync'));
    expect(BigInt(advisoryKey('carrier:ups'))).toBeGreaterThanOrEqual(-(2n ** 63n));
    expect(BigInt(advisoryKey('carrier:ups'))).toBeLessThan(2n ** 63n);
  });
});
