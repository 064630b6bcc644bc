import { describe, expect, it } from 'vitest';
import { EXCEPTION_REASONS } from '../../src-shared/domain/tracking/status';
import { REASON_TEXT_TABLE, reasonFromText, withKnownReason, withReason } from './exception-reasons';

describe('REASON_TEXT_TABLE', () => {
  it.each(REASON_TEXT_TABLE.map((row) => [row.has, row]))('"%s" is reachable and names a known reason', (_has, row) => {
    expect(EXCEPTION_REASONS).toContain(row.reason);
    expect(reasonFromText(row.has)).toBe(row.reason);
  });
});

describe('reasonFromText', () => {
  it.each([
    ['Customer not available or business closed', 'attempt_failed'],
    ['Customer addressing error found; attempting to correct. Possible delay', 'address_issue'],
    ['Package delayed', 'delayed_carrier'],
    ['Package delayed WEATHER', 'delayed_weather'],
    ['Delivery Refused', 'refused'],
    ['Damage Reported', 'damaged'],
    ['Clearance Information Required', 'customs_hold'],
    ['Sent to Lost and Found', 'lost'],
    ['Something odd happened', null],
  ])('%s → %s', (text, reason) => {
    expect(reasonFromText(text)).toBe(reason);
  });
});

describe('withReason', () => {
  it('fills an exception without reason from text, else other', () => {
    expect(withReason({ status: 'exception', substatus: null }, 'Customer not home')).toEqual({ status: 'exception', substatus: 'attempt_failed' });
    expect(withReason({ status: 'exception', substatus: null }, 'Mystery')).toEqual({ status: 'exception', substatus: 'other' });
  });

  it('keeps a reason the carrier code already named, and leaves other statuses alone', () => {
    expect(withReason({ status: 'exception', substatus: 'damaged' }, 'not home')).toEqual({ status: 'exception', substatus: 'damaged' });
    expect(withReason({ status: 'in_transit', substatus: null }, 'weather')).toEqual({ status: 'in_transit', substatus: null });
  });
});

describe('withKnownReason', () => {
  it('takes a reason the text names, else leaves it open for the latest event to fill', () => {
    expect(withKnownReason({ status: 'exception', substatus: null }, 'Damage Reported')).toEqual({ status: 'exception', substatus: 'damaged' });
    expect(withKnownReason({ status: 'exception', substatus: null }, 'Exception')).toEqual({ status: 'exception', substatus: null });
  });
});
