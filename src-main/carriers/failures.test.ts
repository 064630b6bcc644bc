import { describe, expect, it } from 'vitest';
import { classify, guardEntry, kindFromHttp, kindFromText, mergeParsed, soleRequested, unexpectedShape } from './failures';

describe('kindFromHttp', () => {
  it.each([
    [200, null],
    [201, null],
    [400, 'invalid_number'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'not_found'],
    [422, 'invalid_number'],
    [429, 'rate_limited'],
    [500, 'transient'],
    [503, 'transient'],
  ])('%i → %s', (status, kind) => {
    expect(kindFromHttp(status)).toBe(kind);
  });
});

describe('kindFromText', () => {
  it.each([
    ['TRACKING.TRACKINGNUMBER.NOTFOUND', 'not_found'],
    ['TRACKING.TRACKINGNUMBER.EMPTY', 'invalid_number'],
    ['Invalid inquiry number', 'invalid_number'],
    ['Invalid Access License number', 'auth'],
    ['invalid_client', 'auth'],
    ['AAA Authentication Failure', 'auth'],
    ['No Pin History', 'not_found'],
    ['Tracking does not exist.', 'not_found'],
    ['TOO.MANY.REQUESTS', 'rate_limited'],
    ['INTERNAL.SERVER.ERROR', 'transient'],
    ['string', null],
  ])('%s → %s', (text, kind) => {
    expect(kindFromText(text)).toBe(kind);
  });
});

describe('classify', () => {
  it.each([
    ['a carrier verdict wins', 400, 'X', 'Y', 'auth', 'auth'],
    ['401 decides over text', 401, 'TRACKING.TRACKINGNUMBER.NOTFOUND', null, null, 'auth'],
    ['429 decides over text', 429, null, 'Invalid number', null, 'rate_limited'],
    ['5xx decides over text', 502, null, 'Tracking number not found', null, 'transient'],
    ['text beats a generic 400', 400, 'TRACKING.TRACKINGNUMBER.NOTFOUND', null, null, 'not_found'],
    ['a generic 404 without text', 404, 'string', 'string', null, 'not_found'],
    ['placeholders at 200 are a bad payload', 200, 'string', 'string', null, 'bad_payload'],
  ] as const)('%s', (_name, status, code, message, known, kind) => {
    expect(classify(status, code, message, known)).toBe(kind);
  });
});

describe('unexpectedShape', () => {
  it('lets the HTTP status explain an unreadable body', () => {
    expect(unexpectedShape(503, 'UPS').kind).toBe('transient');
    expect(unexpectedShape(200, 'UPS', '1Z').kind).toBe('bad_payload');
    expect(unexpectedShape(200, 'UPS', '1Z').trackingNumber).toBe('1Z');
  });
});

describe('guardEntry', () => {
  it('turns a crash into a bad_payload error for that entry only', () => {
    const parsed = mergeParsed([
      guardEntry('A', () => {
        throw new Error('boom');
      }),
      guardEntry('B', () => ({ trackingNumber: 'B', kind: 'not_found', code: 'X', message: 'gone' })),
    ]);
    expect(parsed.errors).toEqual([
      { trackingNumber: 'A', kind: 'bad_payload', code: 'entry_unreadable', message: 'boom' },
      { trackingNumber: 'B', kind: 'not_found', code: 'X', message: 'gone' },
    ]);
  });
});

describe('soleRequested', () => {
  it.each([
    [[], null],
    [['1Z'], '1Z'],
    [['1', '2'], null],
  ])('%j → %s', (requested, expected) => {
    expect(soleRequested(requested)).toBe(expected);
  });
});
