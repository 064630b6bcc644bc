import { describe, expect, it } from 'vitest';
import { normalizeCode, resolveCarrier, resolveService } from './carrier-codes';
import { CsvParser, detectDelimiter } from './files/csv';
import { sniff } from './files/decode';
import { createAssembler, mapHeader, PRESETS } from './files/presets';
import { afterRun, retryDelayMs, type SourceSchedule } from './schedule';
import { filterWallTime, shipmentFields, weightInOunces } from './shipstation/mapper';
import { createZoneClock, toDate, toInstant } from './times';
import type { CandidateRow, RowRules } from './types';
import { toShipment } from './validate';

describe('carrier codes from upstream', () => {
  it.each([
    ['stamps_com', 'usps'],
    ['endicia', 'usps'],
    ['ups_walleted', 'ups'],
    ['UPS', 'ups'],
    ['FedEx', 'fedex'],
    ['DHL Express', 'dhl'],
    ['dhl_express_worldwide', 'dhl'],
    ['Canada Post', 'canada_post'],
    ['Amazon Logistics US', 'amazon'],
    ['ups_mail_innovations', 'ups'],
    ['australia_post', 'australia_post'],
    ['ontrac', 'ontrac'],
    ['pony_express', null],
    ['', null],
  ])('%s → %s', (code, carrier) => {
    expect(resolveCarrier(code, {})).toBe(carrier);
  });

  it('lets the operator map an unknown code and override a known one', () => {
    expect(resolveCarrier('Pony Express', { pony_express: 'other' })).toBe('other');
    expect(resolveCarrier('ups', { ups: 'fedex' })).toBe('fedex');
  });

  it.each([
    ['ups_ground', 'ups', 'ups', true, 'ground'],
    ['usps_priority_mail', 'stamps_com', 'usps', true, 'priority_mail'],
    ['fedex_2day', 'fedex', 'fedex', true, '2day'],
    ['Ground', 'ups', 'ups', false, 'Ground'],
    ['ups_ground', 'ups', 'ups', false, 'ups_ground'],
  ] as const)('service %s from %s keeps its name as the console shows it', (code, carrierCode, carrier, strip, expected) => {
    expect(resolveService(code, carrierCode, carrier, {}, strip)).toBe(expected);
  });

  it('normalizes codes the same way for files and mappings', () => {
    expect(normalizeCode(' DHL-Express ')).toBe('dhl_express');
    expect(resolveService('UPS Ground Saver', 'ups', 'ups', { ups_ground_saver: 'ground_saver' }, false)).toBe('ground_saver');
  });
});

describe('upstream times', () => {
  const pacific = createZoneClock('America/Los_Angeles');
  it.each([
    ['2026-11-20T14:03:00Z', null, '2026-11-20T14:03:00.000Z'],
    ['2026-11-20T14:03:00-05:00', null, '2026-11-20T19:03:00.000Z'],
    ['2026-11-20 14:03:00 -0500', null, '2026-11-20T19:03:00.000Z'],
    ['2014-10-03T06:51:33.6270000', pacific, '2014-10-03T13:51:33.627Z'],
    ['2026-01-15T06:00:00', pacific, '2026-01-15T14:00:00.000Z'],
    ['11/20/2026 2:03 PM', pacific, '2026-11-20T22:03:00.000Z'],
    ['3/8/2026 2:30 AM', pacific, '2026-03-08T10:30:00.000Z'],
    ['2026-11-01T01:30:00', pacific, '2026-11-01T08:30:00.000Z'],
  ])('%s is the instant %s', (text, zone, expected) => {
    expect(toInstant(text, zone)).toEqual({ ok: true, iso: expected });
  });

  it.each([
    ['2026-11-20 14:03', 'no_offset'],
    ['20/11/2026', 'bad'],
    ['2026-02-30T10:00:00Z', 'bad'],
    ['yesterday', 'bad'],
  ])('%s is refused (%s) when no zone applies', (text, problem) => {
    expect(toInstant(text, null)).toEqual({ ok: false, problem });
  });

  it('takes dates as written and gives V1 filters Pacific wall time', () => {
    expect(toDate('2026-11-20T23:30:00-08:00')).toBe('2026-11-20');
    expect(toDate('11/2/2026')).toBe('2026-11-02');
    expect(pacific.wallString(Date.parse('2026-07-01T19:00:00Z'))).toBe('2026-07-01 12:00:00');
    expect(filterWallTime('2026-11-20T10:15:00.1230000')).toBe('2026-11-20 10:15:00');
  });
});

const NOW = Date.parse('2026-11-20T18:00:00Z');

describe('one row through the rules', () => {
  const rules: RowRules = { source: 'file', zone: null, stripServicePrefix: false };
  const row = (fields: CandidateRow['fields']): CandidateRow => ({ rowNumber: 7, raw: () => ({ a: 'b' }), fields });
  const good = { externalId: 'SS-1', trackingNumber: '1z 999 aa1 0123456784', carrier: 'ups', labelCreatedAt: '2026-11-20T14:03:00Z' };

  it('keeps a good row, upper-casing the tracking number and dropping its spaces', () => {
    const result = toShipment(
      row({ ...good, orderValue: '129.90', voided: 'TRUE', isReturn: 'no', weightOz: '18.5' }),
      rules,
      { carriers: {}, services: {} },
      NOW,
    );
    expect(result.ok && result.shipment).toMatchObject({
      trackingNumber: '1Z999AA10123456784',
      orderValueCents: 12990,
      voided: true,
      isReturn: false,
      weightOz: 18.5,
    });
  });

  it.each([
    [{ externalId: '' }, 'missing external id'],
    [{ trackingNumber: ' ' }, 'missing tracking number'],
    [{ trackingNumber: '1Z#?' }, 'bad tracking number: "1Z#?"'],
    [{ carrier: '' }, 'missing carrier'],
    [{ carrier: 'Pony Express' }, 'unknown carrier "Pony Express" (map it in Sync settings)'],
    [{ labelCreatedAt: '' }, 'missing label creation date'],
    [{ labelCreatedAt: '20.11.2026' }, 'bad date in label_created_at: "20.11.2026"'],
    [{ orderValue: '12,50' }, 'bad number in order_value: "12,50"'],
    [{ weightOz: '-3' }, 'bad number in weight_oz: "-3"'],
    [{ voided: 'maybe' }, 'bad value in voided: "maybe" (use true or false)'],
    [{ shipDate: 'soon' }, 'bad date in ship_date: "soon"'],
    [{ currency: 'dollars' }, 'bad currency: "DOLLARS" (use a code like USD)'],
    // item 9: one window, whatever form the time is written in
    [
      { labelCreatedAt: '9999-12-31T00:00:00Z' },
      'bad date in label_created_at: 9999-12-31T00:00:00.000Z is outside 2000-01-01 … 2027-11-21 (a year from today at most)',
    ],
    [
      { labelCreatedAt: '0000-01-01T00:00:00Z' },
      'bad date in label_created_at: 0000-01-01T00:00:00.000Z is outside 2000-01-01 … 2027-11-21 (a year from today at most)',
    ],
    [{ labelCreatedAt: '0000-01-01T00:00:00+00:00' }, 'bad date in label_created_at: "0000-01-01T00:00:00+00:00"'],
    [
      { labelCreatedAt: '1999-06-01T00:00:00+00:00' },
      'bad date in label_created_at: 1999-06-01T00:00:00.000Z is outside 2000-01-01 … 2027-11-21 (a year from today at most)',
    ],
    [{ shipDate: '2099-01-01' }, 'bad date in ship_date: 2099-01-01 is outside 2000-01-01 … 2027-11-21 (a year from today at most)'],
    [{ expectedDelivery: '2040-01-01' }, 'bad date in expected_delivery: 2040-01-01 is outside 2000-01-01 … 2031-11-24 (five years from today at most)'],
    // item 10: non-finite and absurd numbers
    [{ orderValue: '1e400' }, 'bad number in order_value: "1e400"'],
    [{ orderValue: '99999999999999999999999' }, 'bad number: order_value is more than 10,000,000'],
    [{ weightOz: Number.POSITIVE_INFINITY }, 'bad number in weight_oz: "Infinity"'],
    [{ weightOz: 1e7 }, 'bad number: weight_oz is more than 100,000'],
    // item 11: caps and NUL
    [{ shipToName: 'x'.repeat(5_000_000) }, 'ship_to_name is longer than 200 characters'],
    [{ shipToCity: `${'a'.repeat(50)}\u0000` }, 'ship_to_city contains a NUL byte'],
    [{ externalId: 'E'.repeat(101) }, 'external id is longer than 100 characters'],
  ])('rejects %o with a plain reason', (patch, reason) => {
    const result = toShipment(row({ ...good, ...patch }), rules, { carriers: {}, services: {} }, NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reject).toMatchObject({ rowNumber: 7, reason, raw: { a: 'b' } });
  });
});

describe('retry schedule', () => {
  const fixed = () => 0.5;
  it.each([
    [1, 15 * 60_000, 30_000],
    [2, 15 * 60_000, 60_000],
    [4, 15 * 60_000, 240_000],
    [10, 15 * 60_000, 900_000],
    [10, 5 * 60_000, 300_000],
    [10, 0, 900_000],
  ])('failure %i with a %i ms interval waits %i ms', (failures, interval, expected) => {
    expect(retryDelayMs(failures, interval, fixed)).toBe(expected);
  });

  it('remembers when the outage began and forgets it on the first success', () => {
    const start: SourceSchedule = { nextDueAt: 0, failures: 0, unreachableSince: null, problem: null };
    const down = afterRun(start, { kind: 'unreachable', message: 'x' }, 1000, 60_000, fixed);
    const stillDown = afterRun(down, { kind: 'unreachable', message: 'x' }, 5000, 60_000, fixed);
    expect(stillDown).toEqual({ nextDueAt: 5000 + 60_000, failures: 2, unreachableSince: 1000, problem: null });
    expect(afterRun(stillDown, { kind: 'ok' }, 9000, 60_000, fixed)).toEqual({ nextDueAt: 69_000, failures: 0, unreachableSince: null, problem: null });
    expect(afterRun(stillDown, { kind: 'needs_person', message: 'refused' }, 9000, 60_000, fixed)).toEqual({
      nextDueAt: null,
      failures: 0,
      unreachableSince: null,
      problem: 'refused',
    });
  });
});

describe('CSV reading', () => {
  const parse = (chunks: string[], delimiter: ',' | ';' | '\t' = ',') => {
    const p = new CsvParser(delimiter);
    return [...chunks.flatMap((c) => p.push(c)), ...p.finish()];
  };

  it('reads quotes, doubled quotes, delimiters and line breaks inside cells, in chunks split anywhere', () => {
    const text = 'a,b,c\r\n1,"x, ""y""",3\r\n\r\n2,"multi\nline",4\n5,6,7';
    const whole = parse([text]);
    for (let cut = 1; cut < text.length; cut++) expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    expect(whole).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1', 'x, "y"', '3'] },
      { line: 4, cells: ['2', 'multi\nline', '4'] },
      { line: 6, cells: ['5', '6', '7'] },
    ]);
  });

  it('flags a quote that is never closed', () => {
    expect(parse(['a,b\n1,"open'])).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'open'], unterminated: true },
    ]);
  });

  it.each([
    ['external_id,carrier\n', ','],
    ['external_id;carrier;service\n1,2;3;4', ';'],
    ['external_id\tcarrier\n', '\t'],
    ['"a;b",c\n', ','],
    ['single\n', ','],
  ] as const)('detects the delimiter of %j', (head, delimiter) => {
    expect(detectDelimiter(head)).toBe(delimiter);
  });

  it.each([
    [[0xef, 0xbb, 0xbf, 0x61], { kind: 'text', encoding: 'utf-8' }],
    [[0xff, 0xfe, 0x61, 0x00], { kind: 'text', encoding: 'utf-16le' }],
    [[0x50, 0x4b, 0x03, 0x04], { kind: 'xlsx' }],
    [[0x5a, 0x6f, 0xeb, 0x0a], { kind: 'text', encoding: 'windows-1252' }],
    [[0x5a, 0x6f, 0xc3, 0xab], { kind: 'text', encoding: 'utf-8' }],
  ])('sniffs %j as %o', (bytes, expected) => {
    expect(sniff(Buffer.from(bytes))).toEqual(expected);
  });

  it('refuses UTF-16 without a byte-order mark and binary data', () => {
    expect(sniff(Buffer.from('a\0b\0c\0', 'latin1'))).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('UTF-16') });
    expect(sniff(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]))).toMatchObject({
      kind: 'unreadable',
      reason: expect.stringContaining('binary'),
    });
  });
});

describe('column presets', () => {
  it('matches headers without regard to case, spaces or punctuation', () => {
    const mapped = mapHeader(['Shipment ID', 'TRACKING NUMBER', 'Carrier', 'Create Date', 'Ship To - Postal Code'], PRESETS.shipstation);
    expect(mapped).toEqual({ columns: { externalId: 0, trackingNumber: 1, carrier: 2, labelCreatedAt: 3, shipToPostalCode: 4 } });
  });

  it('says which required column is missing, and why for a plain Shopify export', () => {
    expect(mapHeader(['external_id', 'carrier', 'label_created_at'], PRESETS.generic)).toEqual({
      problem: 'This file has no column for tracking number (looked for: tracking_number). Check the preset (generic) or the header row.',
    });
    expect(mapHeader(['Name', 'Email', 'Total'], PRESETS.shopify)).toMatchObject({
      problem: expect.stringContaining("Shopify's own order export has no tracking numbers"),
    });
  });

  it('groups Shopify line-item rows into one shipment per tracking number, filling order fields down', () => {
    const header = ['Name', 'Total', 'Shipping City', 'Tracking Number', 'Tracking Company', 'Fulfilled at'];
    const mapped = mapHeader(header, PRESETS.shopify);
    if (!('columns' in mapped)) throw new Error(mapped.problem);
    const assembler = createAssembler(PRESETS.shopify, header, mapped.columns);
    const rows = [
      ['#1001', '50.00', 'Denver', '1Z999AA10123456784, 1Z999AA10123456785', 'UPS', '2026-11-20 10:00:00 -0500'],
      ['#1001', '', '', '', '', ''],
      ['#1002', '20.00', 'Boise', '', '', ''],
      ['#1003', '30.00', 'Reno', '9400111899562764298812', '', '2026-11-20 11:00:00 -0800'],
    ].flatMap((cells, i) => assembler.push({ line: i + 2, cells }));
    const out = [...rows, ...assembler.end()];
    expect(out.map((r) => [r.rowNumber, r.fields.externalId, r.fields.carrier ?? null, r.fields.shipToCity ?? null, r.problem?.reason ?? null])).toEqual([
      [2, '#1001:1Z999AA10123456784', 'UPS', 'Denver', null],
      [2, '#1001:1Z999AA10123456785', 'UPS', 'Denver', null],
      [4, '#1002', null, 'Boise', 'missing tracking number (order not fulfilled yet?)'],
      [5, '#1003:9400111899562764298812', 'usps', 'Reno', null],
    ]);
    expect(out[0].fields.orderNumber).toBe('1001');
  });
});

describe('ShipStation V1 shipment fields', () => {
  it('reads the label, its warehouse (top level or advanced options) and weight in ounces', () => {
    const fields = shipmentFields(
      {
        shipmentId: 33974374,
        orderNumber: '100038-1',
        createDate: '2014-10-03T06:51:33.6270000',
        trackingNumber: '9400111899561704681189',
        isReturnLabel: true,
        carrierCode: 'stamps_com',
        serviceCode: 'usps_first_class_mail',
        voided: true,
        advancedOptions: { warehouseId: 16079 },
        shipTo: { name: 'Yoda', city: 'MANCHACA', state: 'TX', postalCode: '78652-3602', country: 'US' },
        weight: { value: 2, units: 'pounds' },
      },
      { orderNumber: '100038-1', valueCents: 4599, currency: null },
    );
    expect(fields).toMatchObject({
      externalId: '33974374',
      carrier: 'stamps_com',
      warehouse: '16079',
      voided: true,
      isReturn: true,
      orderValue: 45.99,
      weightOz: 32,
      shipToRegion: 'TX',
    });
    expect(weightInOunces({ value: 100, units: 'grams' })).toBe(3.53);
    expect(weightInOunces({ value: 1, units: 'stone' })).toBeNull();
  });
});
