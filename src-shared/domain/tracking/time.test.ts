import { describe, expect, it } from 'vitest';
import { compactWallTime, expectedAt, isInstant, NO_TIME, offsetMinutes, parseCompactLocal, parseIsoTime, parseLocalWithOffset, withUtcInstant } from './time';

describe('parseIsoTime', () => {
  it.each([
    ['2024-04-26T07:50:00-07:00', { occurredAt: '2024-04-26T14:50:00Z', localTime: '2024-04-26T07:50:00', date: '2024-04-26', dateOnly: false }],
    ['2024-04-24T15:30:57-05:00', { occurredAt: '2024-04-24T20:30:57Z', localTime: '2024-04-24T15:30:57', date: '2024-04-24', dateOnly: false }],
    ['2024-08-02T18:35:20Z', { occurredAt: '2024-08-02T18:35:20Z', localTime: null, date: '2024-08-02', dateOnly: false }],
    ['2024-08-02T19:26:52.000Z', { occurredAt: '2024-08-02T19:26:52Z', localTime: null, date: '2024-08-02', dateOnly: false }],
    ['2024-03-10T23:30:00+05:30', { occurredAt: '2024-03-10T18:00:00Z', localTime: '2024-03-10T23:30:00', date: '2024-03-10', dateOnly: false }],
    ['2024-12-31T23:00:00-0200', { occurredAt: '2025-01-01T01:00:00Z', localTime: '2024-12-31T23:00:00', date: '2024-12-31', dateOnly: false }],
    ['2018-03-02T07:53:47', { occurredAt: null, localTime: '2018-03-02T07:53:47', date: '2018-03-02', dateOnly: false }],
    ['2024-11-15 11:09:19.000000', { occurredAt: null, localTime: '2024-11-15T11:09:19', date: '2024-11-15', dateOnly: false }],
    ['2024-08-15T00:00:00', { occurredAt: null, localTime: '2024-08-15T00:00:00', date: '2024-08-15', dateOnly: true }],
    ['2024-04-26T00:00:00-06:00', { occurredAt: '2024-04-26T06:00:00Z', localTime: '2024-04-26T00:00:00', date: '2024-04-26', dateOnly: true }],
    ['2024-08-05', { occurredAt: null, localTime: null, date: '2024-08-05', dateOnly: true }],
  ])('%s', (input, expected) => {
    expect(parseIsoTime(input)).toEqual(expected);
  });

  it.each([['string'], [''], ['2024-02-30T10:00:00Z'], ['2024-13-01'], ['25:00'], [null], [undefined], [20240126], [{}]])(
    'gives nulls for %j without throwing',
    (input) => {
      expect(parseIsoTime(input)).toEqual(NO_TIME);
    },
  );
});

describe('offsetMinutes', () => {
  it.each([
    ['Z', 0],
    ['+00:00', 0],
    ['-05:00', -300],
    ['-0500', -300],
    ['+05:30', 330],
    ['09:00', 540],
    ['-04', -240],
    ['EST', -300],
    ['pdt', -420],
    ['NST', -210],
    ['string', null],
    ['+25:00', null],
    [undefined, null],
  ])('%s → %s', (input, expected) => {
    expect(offsetMinutes(input)).toBe(expected);
  });
});

describe('parseLocalWithOffset', () => {
  it('places a Canada Post EST wall time', () => {
    expect(parseLocalWithOffset('2011-02-03T08:27:43', 'EST')).toMatchObject({
      occurredAt: '2011-02-03T13:27:43Z',
      localTime: '2011-02-03T08:27:43',
    });
  });

  it('keeps local-only when the zone is unknown', () => {
    expect(parseLocalWithOffset('2011-02-03T08:27:43', 'XYZ')).toMatchObject({ occurredAt: null, localTime: '2011-02-03T08:27:43' });
  });

  it('trusts an offset already in the value', () => {
    expect(parseLocalWithOffset('2011-02-03T08:27:43Z', 'EST').occurredAt).toBe('2011-02-03T08:27:43Z');
  });

  it('survives an empty time part', () => {
    expect(parseLocalWithOffset('T', 'EST')).toEqual(NO_TIME);
  });
});

describe('withUtcInstant', () => {
  it('takes the instant from a GMT field and keeps the local wall time', () => {
    const local = parseIsoTime('2024-11-22T13:58:00');
    expect(withUtcInstant(local, '2024-11-22T18:58:40Z')).toMatchObject({
      occurredAt: '2024-11-22T18:58:40Z',
      localTime: '2024-11-22T13:58:00',
    });
  });

  it('leaves the value alone when the GMT field is a placeholder', () => {
    const local = parseIsoTime('2024-11-22T13:58:00');
    expect(withUtcInstant(local, 'string')).toBe(local);
  });
});

describe('UPS compact date and time', () => {
  it.each([
    ['20220126', '163000', '2022-01-26T16:30:00'],
    ['20220126', '63000', '2022-01-26T06:30:00'],
    [20220126, 151641, '2022-01-26T15:16:41'],
    ['20250905', '18:06:22', '2025-09-05T18:06:22'],
    ['20250905', '1806', '2025-09-05T18:06:00'],
    ['20250905', undefined, '2025-09-05'],
    ['string', '163000', null],
    ['20221345', '163000', null],
  ])('%s + %s → %s', (date, time, expected) => {
    expect(compactWallTime(date, time)).toBe(expected);
  });

  it('is local-only: UPS gives no offset beside date and time', () => {
    expect(parseCompactLocal('20220126', '163000')).toEqual({
      occurredAt: null,
      localTime: '2022-01-26T16:30:00',
      date: '2022-01-26',
      dateOnly: false,
    });
  });
});

describe('expectedAt', () => {
  it.each([
    ['2024-08-05T00:00:00Z', '2024-08-05'],
    ['2024-04-26T00:00:00-06:00', '2024-04-26'],
    ['2024-04-25T10:30:00-07:00', '2024-04-25T17:30:00Z'],
    ['2021-10-01T08:00:00', '2021-10-01T08:00:00'],
    ['2011-04-05', '2011-04-05'],
    ['', null],
    ['string', null],
  ])('%s → %s', (input, expected) => {
    expect(expectedAt(parseIsoTime(input))).toBe(expected);
  });
});

describe('isInstant', () => {
  it.each([
    ['2024-08-05T00:00:00Z', true],
    ['2024-08-05T00:00:00', false],
    [null, false],
  ])('%s → %s', (input, expected) => {
    expect(isInstant(input)).toBe(expected);
  });
});
