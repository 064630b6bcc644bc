import { describe, expect, it } from 'vitest';
import { parseScan, parseScanLine, type ParsedScan, type ScanCandidate } from './index';

// Check digits computed here, independently of checksum.ts, so every valid number below is one we built.
const chars = (s: string): string[] => Array.from(s);
const digits = (s: string): number[] => Array.from(s, Number);
const complement10 = (sum: number): string => String((10 - (sum % 10)) % 10);
/** GS1 mod 10: weights 3, 1, 3 ... from the right. */
const gs1 = (body: string): string => {
  const sum = digits(body)
    .reverse()
    .reduce((t, d, i) => t + d * (i % 2 === 0 ? 3 : 1), 0);
  return body + complement10(sum);
};
/** UPS: letters become (code - 63) mod 10, weights 1, 2 from the left. */
const ups = (body: string): string => {
  const sum = chars(body).reduce((t, c, i) => {
    const v = /\d/.test(c) ? Number(c) : (c.charCodeAt(0) - 63) % 10;
    return t + v * (i % 2 === 0 ? 1 : 2);
  }, 0);
  return body + complement10(sum);
};
const ups1z = (body15: string): string => '1Z' + ups(body15);
/** FedEx 12: weights 1, 3, 7 from the right, mod 11 mod 10. */
const fedex = (body11: string): string => {
  const sum = digits(body11)
    .reverse()
    .reduce((t, d, i) => t + d * [1, 3, 7][i % 3], 0);
  return body11 + String((sum % 11) % 10);
};
const dhl = (serial: string): string => serial + (BigInt(serial) % 7n).toString();
const s10 = (service: string, serial8: string, country: string): string => {
  const r = digits(serial8).reduce((t, d, i) => t + d * [8, 6, 4, 2, 3, 5, 9, 7][i], 0) % 11;
  return service + serial8 + String(r === 0 ? 5 : r === 1 ? 0 : 11 - r) + country;
};
/** Same body, a check digit that is certainly wrong. */
const broken = (n: string): string => n.slice(0, -1) + String((Number(n.at(-1)) + 1) % 10);

const GS = '\u001d';
const RS = '\u001e';
const EOT = '\u0004';

const UPS_1Z = ups1z('4A7E29' + '03' + '1234567'); // shipper 4A7E29, Ground
const FEDEX_12 = fedex('77123456789');
const FEDEX_15 = gs1('12345678901234');
const PIC_22 = gs1('9400' + '1' + '123456' + '0000012345'); // AI 94, STC 001, 6-digit MID, serial
const PIC_26 = gs1('92' + '055' + '912345678' + '12345678901'); // AI 92, 9-digit MID, 11-digit serial

const only = (c: ScanCandidate[]): Pick<ScanCandidate, 'carrier' | 'trackingNumber'>[] => c.map(({ carrier, trackingNumber }) => ({ carrier, trackingNumber }));
const first = (raw: string): ScanCandidate | undefined => parseScan(raw).candidates[0];
const failsWith = (raw: string): ParsedScan['error'] => {
  const p = parseScan(raw);
  expect(p.candidates).toEqual([]);
  return p.error;
};

describe('formats: valid numbers are read with their carrier and format', () => {
  it.each([
    // [what, scan, carrier, tracking number, format]
    ['UPS 1Z', UPS_1Z, 'ups', UPS_1Z, 'ups_1z'],
    ['UPS 1Z, letters in the body', ups1z('XX3150YW4407002'), 'ups', '1ZXX3150YW44070023', 'ups_1z'],
    ['UPS waybill', 'K' + ups('247982549'), 'ups', 'K2479825491', 'ups_waybill'],
    ['FedEx Express 12', FEDEX_12, 'fedex', FEDEX_12, 'fedex_12'],
    ['FedEx Ground 15', FEDEX_15, 'fedex', FEDEX_15, 'fedex_ground'],
    ['FedEx Ground SSCC-18', gs1('00' + '123456789012345'), 'fedex', gs1('00123456789012345'), 'fedex_sscc18'],
    ['FedEx 34 Express', '1001' + '234567890123456789' + FEDEX_12, 'fedex', FEDEX_12, 'fedex_34'],
    ['FedEx 34 Ground GSN', '9622' + '000123456789012345' + FEDEX_12, 'fedex', FEDEX_12, 'fedex_ground_gsn'],
    ['FedEx ASTRA 32', '3297150836010244' + FEDEX_12 + '1720', 'fedex', FEDEX_12, 'fedex_astra_32'],
    ['FedEx Ground 96 (22)', '9611020' + FEDEX_15, 'fedex', FEDEX_15, 'fedex_ground_96'],
    ['USPS IMpb 22', PIC_22, 'usps', PIC_22, 'usps_impb'],
    ['USPS IMpb 26', PIC_26, 'usps', PIC_26, 'usps_impb'],
    ['USPS legacy 22 (AI 91)', gs1('91' + '0123456789012345678'), 'usps', gs1('910123456789012345678'), 'usps_legacy'],
    ['USPS 20', gs1('7112345678912345678'), 'usps', gs1('7112345678912345678'), 'usps_20'],
    ['DHL Express 10', dhl('123456789'), 'dhl', dhl('123456789'), 'dhl_express'],
    ['DHL Express 11', dhl('7389105114'), 'dhl', '73891051146', 'dhl_express'],
    ['DHL piece id JJD+10', 'JJD0012345678', 'dhl', 'JJD0012345678', 'dhl_piece_id'],
    ['DHL piece id JJD+18', 'JJD014600003123456789', 'dhl', 'JJD014600003123456789', 'dhl_piece_id'],
    ['DHL piece id JVGL', 'JVGL0123456789', 'dhl', 'JVGL0123456789', 'dhl_piece_id'],
    ['DHL eCommerce GM digits', 'GM2951170000000001', 'dhl', 'GM2951170000000001', 'dhl_ecommerce'],
    ['DHL eCommerce GM mixed', 'GM9E44608A27984866BA2D', 'dhl', 'GM9E44608A27984866BA2D', 'dhl_ecommerce'],
    ['DHL eCommerce 14', '60120170000001', 'dhl', '60120170000001', 'dhl_ecommerce_14'],
    ['S10 Royal Mail', s10('RB', '12345678', 'GB'), 's10', 'RB123456785GB', 's10'],
    ['S10 EMS from the US', s10('EA', '00000001', 'US'), 's10', s10('EA', '00000001', 'US'), 's10'],
    ['S10 remainder 0 -> 5', s10('CP', '00000000', 'CA'), 's10', 'CP000000005CA', 's10'],
    ['Amazon TBA', 'TBA123456789012', 'amazon', 'TBA123456789012', 'amazon_tba'],
    ['Amazon TBC', 'TBC123456789012', 'amazon', 'TBC123456789012', 'amazon_tba'],
    ['Amazon TBM', 'TBM123456789012', 'amazon', 'TBM123456789012', 'amazon_tba'],
    ['Amazon international', 'C1234567890', 'amazon', 'C1234567890', 'amazon_international'],
    ['Canada Post 16', gs1('701234567890123'), 'canada_post', gs1('701234567890123'), 'canada_post_16'],
    ['OnTrac C', ups('C1112155295306'), 'ontrac', ups('C1112155295306'), 'ontrac_c'],
    ['OnTrac D', ups('D1001135445370'), 'ontrac', 'D10011354453707', 'ontrac_d'],
    ['LaserShip LX', 'LX17635036', 'lasership', 'LX17635036', 'lasership_l'],
    ['LaserShip L + letter', 'LH13812209', 'lasership', 'LH13812209', 'lasership_l'],
    ['LaserShip 1LS7', '1LS720000000001', 'lasership', '1LS720000000001', 'lasership_1ls7'],
    ['LaserShip 1LSCX', '1LSCXVE005BUEFX', 'lasership', '1LSCXVE005BUEFX', 'lasership_1lscx'],
    ['LaserShip 1LS7 piece', '1LS7119013618127-1', 'lasership', '1LS7119013618127-1', 'lasership_1ls7_piece'],
  ])('%s', (_what, scan, carrier, trackingNumber, format) => {
    const p = parseScan(scan);
    expect(p.error).toBeNull();
    expect(p.candidates[0]).toEqual({ carrier, trackingNumber, format });
  });

  it('Ground 96 and ASTRA also list the whole barcode, as one parcel (not ambiguous)', () => {
    const g96 = parseScan('9611020' + FEDEX_15);
    expect(only(g96.candidates)).toEqual([
      { carrier: 'fedex', trackingNumber: FEDEX_15 },
      { carrier: 'fedex', trackingNumber: '9611020' + FEDEX_15 },
    ]);
    expect(g96.ambiguous).toBe(false);
    const astra = parseScan('3297150836010244' + FEDEX_12 + '1720');
    expect(astra.candidates.map((c) => c.trackingNumber)).toEqual([FEDEX_12, '3297150836010244' + FEDEX_12 + '1720']);
    expect(astra.ambiguous).toBe(false);
  });

  it('USPS 20 also validates with the implied legacy AI 91', () => {
    // Find a 20-digit number whose check digit holds only with "91" in front.
    const body = '7196901075600307738';
    const legacy = gs1('91' + body).slice(2);
    expect(gs1(body)).not.toBe(legacy);
    expect(first(legacy)).toEqual({ carrier: 'usps', trackingNumber: legacy, format: 'usps_legacy' });
  });
});

describe('formats: invalid numbers give no reading of that carrier', () => {
  it.each([
    ['UPS 1Z, wrong check', broken(UPS_1Z), 'ups'],
    ['UPS 2Z prefix', '2Z' + UPS_1Z.slice(2), 'ups'],
    ['UPS 1Z, 17 characters', UPS_1Z.slice(0, -1), 'ups'],
    ['UPS 1Z, letter as check digit', UPS_1Z.slice(0, -1) + 'A', 'ups'],
    ['UPS waybill, wrong check', 'K2479825492', 'ups'],
    ['UPS waybill, unknown service letter', 'B' + ups('247982549'), 'ups'],
    ['FedEx 12, wrong check', broken(FEDEX_12), 'fedex'],
    ['FedEx 15, wrong check', broken(FEDEX_15), 'fedex'],
    ['FedEx 34, wrong check', '1001234567890123456789' + broken(FEDEX_12), 'fedex'],
    ['FedEx 33 digits', '001234567890123456789' + FEDEX_12, 'fedex'],
    ['FedEx ASTRA, number off position', '329715083601024' + FEDEX_12 + '17201', 'fedex'],
    ['FedEx Ground 96, wrong check', '9611020' + broken(FEDEX_15), 'fedex'],
    ['USPS IMpb, wrong check', broken(PIC_22), 'usps'],
    ['USPS 22 without a 91-95 channel', '23' + PIC_22.slice(2), 'usps'],
    ['USPS 26 with AI 91', gs1('91' + PIC_26.slice(2, -1)), 'usps'],
    ['USPS 20, fails with and without 91', '61299998820821171811', 'usps'],
    ['DHL Express, wrong check', broken(dhl('123456789')), 'dhl'],
    ['DHL piece id with another letter', 'XJD0099999998', 'dhl'],
    ['DHL JJD with 16 digits (Yodel)', 'JJD0002255380054291', 'dhl'],
    ['DHL GM with letters only', 'GMAAAAAAAAAAAAAAAAAA', 'dhl'],
    ['DHL GR prefix', 'GR295117494011169045', 'dhl'],
    ['DHL 15 digits', '160120172242323', 'dhl'],
    ['S10, wrong check', 'RB123456786GB', 's10'],
    ['S10, XX is no country', s10('RB', '12345678', 'XX'), 's10'],
    ['S10, UK is not ISO (GB is)', s10('RB', '12345678', 'UK'), 's10'],
    ['Amazon TBB', 'TBB123456789012', 'amazon'],
    ['Amazon TBA with a letter', 'TBA12345678901A', 'amazon'],
    ['Amazon D + 10', 'D1234567890', 'amazon'],
    ['Canada Post, wrong check', broken(gs1('701234567890123')), 'canada_post'],
    ['OnTrac, wrong check', broken(ups('C1112155295306')), 'ontrac'],
    ['OnTrac E prefix', ups('E1112155295306'), 'ontrac'],
    ['LaserShip L + 9...', 'LA97635036', 'lasership'],
    ['LaserShip 1LX7', '1LX734505321754', 'lasership'],
    ['LaserShip 1LSCZ', '1LSCZVE0058631Y', 'lasership'],
    ['LaserShip piece -2', '1LS7119013618127-2', 'lasership'],
  ])('%s', (_what, scan, carrier) => {
    expect(parseScan(scan).candidates.filter((c) => c.carrier === carrier)).toEqual([]);
  });
});

describe('framing is stripped before reading', () => {
  it.each([
    ['CR LF', `${UPS_1Z}\r\n`],
    ['Tab suffix', `${UPS_1Z}\t`],
    ['spaces around', `  ${UPS_1Z}  `],
    ['human-readable grouping', `${UPS_1Z.slice(0, 2)} ${UPS_1Z.slice(2, 5)} ${UPS_1Z.slice(5, 8)} ${UPS_1Z.slice(8)}`],
    ['dashes and dots keyed by hand', `${UPS_1Z.slice(0, 8)}-${UPS_1Z.slice(8, 12)}.${UPS_1Z.slice(12)}`],
    ['lower case', UPS_1Z.toLowerCase()],
    ['AIM ]C0', `]C0${UPS_1Z}`],
    ['AIM ]C1', `]C1${UPS_1Z}`],
    ['AIM ]d2 (DataMatrix)', `]d2${UPS_1Z}`],
    ['AIM ]Q3 (QR)', `]Q3${UPS_1Z}`],
    ['AIM after whitespace', `\t]C0${UPS_1Z}\r`],
    ['STX/ETX framing', `\u0002${UPS_1Z}\u0003`],
    ['zero-width space inside', `${UPS_1Z.slice(0, 6)}\u200b${UPS_1Z.slice(6)}`],
    ['trailing GS', `${UPS_1Z}${GS}`],
    ['trailing literal {GS}', `${UPS_1Z}{GS}`],
    ['trailing literal <EOT>', `${UPS_1Z}<EOT>`],
  ])('%s', (_what, raw) => {
    const p = parseScan(raw);
    expect(p.raw).toBe(raw);
    expect(p.candidates).toEqual([{ carrier: 'ups', trackingNumber: UPS_1Z, format: 'ups_1z' }]);
  });

  it('configured prefix and suffix are removed, and only at the ends', () => {
    expect(first(`AB${FEDEX_12}C`)).toBeUndefined();
    const p = parseScan(`AB${FEDEX_12}C\r\n`, { prefixToStrip: 'AB', suffixToStrip: 'C' });
    expect(p.candidates[0]?.trackingNumber).toBe(FEDEX_12);
    // Prefix before the AIM id, suffix after the data, as scanners send them.
    const framed = parseScan(`STX]C0${UPS_1Z}END`, { prefixToStrip: 'STX', suffixToStrip: 'END' });
    expect(framed.candidates[0]?.trackingNumber).toBe(UPS_1Z);
    // A configured prefix or suffix that is not there leaves the scan alone.
    expect(parseScan(FEDEX_12, { prefixToStrip: 'AB', suffixToStrip: 'C' }).candidates[0]?.trackingNumber).toBe(FEDEX_12);
  });
});

describe('USPS GS1 420 routing prefix', () => {
  const zip5 = '78745';
  const zip9 = '102820000';

  it.each([
    ['ZIP5, FNC1 dropped', `420${zip5}${PIC_22}`, PIC_22],
    ['ZIP9, FNC1 dropped', `420${zip9}${PIC_22}`, PIC_22],
    ['ZIP5 + 26-digit PIC, FNC1 dropped', `420${zip5}${PIC_26}`, PIC_26],
    ['ZIP5, GS', `420${zip5}${GS}${PIC_22}`, PIC_22],
    ['ZIP9, GS', `420${zip9}${GS}${PIC_22}`, PIC_22],
    ['ZIP5 + 26, GS', `420${zip5}${GS}${PIC_26}`, PIC_26],
    [']C1 and GS', `]C1420${zip5}${GS}${PIC_22}`, PIC_22],
    ['literal {GS}', `420${zip5}{GS}${PIC_22}`, PIC_22],
    ['literal <GS>', `420${zip5}<gs>${PIC_22}`, PIC_22],
    ['human-readable spacing', `420 ${zip5} ${PIC_22.slice(0, 4)} ${PIC_22.slice(4)}`, PIC_22],
  ])('%s', (_what, raw, pic) => {
    expect(first(raw)).toEqual({ carrier: 'usps', trackingNumber: pic, format: 'usps_impb' });
  });

  it.each([
    ['420 + ZIP5', `420${zip5}`],
    ['420 + ZIP9', `420${zip9}`],
    ['420 + ZIP5 + GS, nothing after', `420${zip5}${GS}`],
    [']C1 420 + ZIP9', `]C1420${zip9}\r\n`],
  ])('%s alone is routing_code_only', (_what, raw) => {
    expect(failsWith(raw)).toBe('routing_code_only');
  });

  it('a bare 420+ZIP9 that passes FedEx 12 is still a routing code; the FedEx reading is only suggested', () => {
    const routing = fedex('42094304000');
    const p = parseScan(routing);
    expect(p.error).toBe('routing_code_only');
    expect(p.candidates).toEqual([]);
    expect(p.suggestions).toEqual([{ carrier: 'fedex', trackingNumber: routing, format: 'fedex_12' }]);
  });

  it('a routing prefix with a broken package number is no_valid_match, not routing_code_only', () => {
    expect(failsWith(`420${zip5}${GS}${broken(PIC_22)}`)).toBe('no_valid_match');
    expect(failsWith(`420${zip5}${PIC_22.slice(0, -1)}`)).toBe('no_valid_match');
  });
});

describe('ambiguity', () => {
  // A 22-digit PIC whose last 12 digits also pass FedEx 12: 420 + ZIP9 + PIC is then also a FedEx 34.
  const fedexTail = fedex('18541746851');
  const pic = (() => {
    for (let i = 0; i < 100; i++) {
      const candidate = gs1(`92612901${String(i).padStart(2, '0')}${fedexTail.slice(0, 11)}`);
      if (candidate.endsWith(fedexTail.at(-1) ?? '')) return candidate;
    }
    throw new Error('no PIC found');
  })();
  const scan = `420102820000${pic}`;

  it('a 34-digit 420 scan that is also a FedEx 34 lists USPS first, then FedEx, and is ambiguous', () => {
    const p = parseScan(scan);
    expect(only(p.candidates)).toEqual([
      { carrier: 'usps', trackingNumber: pic },
      { carrier: 'fedex', trackingNumber: fedexTail },
    ]);
    expect(p.ambiguous).toBe(true);
  });

  it('the GS separator removes the ambiguity', () => {
    const p = parseScan(`420102820000${GS}${pic}`);
    expect(only(p.candidates)).toEqual([{ carrier: 'usps', trackingNumber: pic }]);
    expect(p.ambiguous).toBe(false);
  });

  it('a single reading is not ambiguous', () => {
    expect(parseScan(UPS_1Z).ambiguous).toBe(false);
  });

  it('two different numbers in one scan (separated by GS) are both listed', () => {
    const p = parseScan(`${UPS_1Z}${GS}${FEDEX_12}`);
    expect(only(p.candidates)).toEqual([
      { carrier: 'ups', trackingNumber: UPS_1Z },
      { carrier: 'fedex', trackingNumber: FEDEX_12 },
    ]);
    expect(p.ambiguous).toBe(true);
  });

  it('the same number twice is listed once', () => {
    const p = parseScan(`${UPS_1Z}${GS}${UPS_1Z}`);
    expect(p.candidates).toHaveLength(1);
    expect(p.ambiguous).toBe(false);
  });
});

describe('ISO 15434 2D payloads', () => {
  const maxicode = (tracking: string, service: string, shipper: string) =>
    `[)>${RS}01${GS}96787450000${GS}840${GS}${service}${GS}${tracking}${GS}UPSN${GS}${shipper}${GS}045${GS}${GS}1/1${GS}10${GS}Y${GS}1 MAIN ST${GS}AUSTIN${GS}TX${RS}${EOT}`;

  it('UPS MaxiCode: the full 1Z is rebuilt from shipper number, service class and the short field', () => {
    const p = parseScan(maxicode(`1Z${UPS_1Z.slice(10)}`, '003', '4A7E29'));
    expect(p.candidates).toEqual([{ carrier: 'ups', trackingNumber: UPS_1Z, format: 'ups_maxicode' }]);
  });

  it('UPS MaxiCode carrying the full 1Z is taken as is', () => {
    expect(first(maxicode(UPS_1Z, '003', '4A7E29'))?.trackingNumber).toBe(UPS_1Z);
  });

  it('UPS MaxiCode with literal <RS>/<GS>/<EOT> markers and an AIM id', () => {
    const literal = maxicode(`1Z${UPS_1Z.slice(10)}`, '003', '4A7E29')
      .replaceAll(RS, '<RS>')
      .replaceAll(GS, '<GS>')
      .replaceAll(EOT, '<EOT>');
    expect(first(`]U1${literal}`)?.trackingNumber).toBe(UPS_1Z);
  });

  it('UPS MaxiCode typed by a wedge that drops control characters is found by shape', () => {
    const flat = maxicode(`1Z${UPS_1Z.slice(10)}`, '003', '4A7E29')
      .replaceAll(RS, '')
      .replaceAll(GS, '')
      .replaceAll(EOT, '');
    expect(first(flat)).toEqual({ carrier: 'ups', trackingNumber: UPS_1Z, format: 'ups_maxicode' });
  });

  it('UPS MaxiCode whose rebuilt number fails the check digit cannot be reconstructed', () => {
    expect(failsWith(maxicode(`1Z${UPS_1Z.slice(10)}`, '002', '4A7E29'))).toBe('maxicode_unreconstructable');
  });

  it('UPS MaxiCode with a damaged shipper field (control byte) cannot be reconstructed', () => {
    expect(failsWith(maxicode(`1Z${UPS_1Z.slice(10)}`, '003', '\u0006A7E29'))).toBe('maxicode_unreconstructable');
    expect(failsWith(maxicode(`1Z${UPS_1Z.slice(10)}`, '003', ''))).toBe('maxicode_unreconstructable');
  });

  it('UPS MaxiCode without separators and without the fields is unreconstructable', () => {
    expect(failsWith('[)>01967874500008400031Z1234UPSN')).toBe('maxicode_unreconstructable');
  });

  const pdf417 = (tracking: string, scac: string) =>
    `[)>${RS}01${GS}0278745${GS}840${GS}804${GS}${tracking}${GS}${scac}${GS}0425198${GS}100${GS}${GS}1/2${GS}22.00LB${GS}N${GS}1 MAIN ST${GS}AUSTIN${GS}TX${GS}ACME${RS}06${GS}10ZGH007${GS}31Z962208043000042519840${tracking}${GS}${RS}${EOT}`;

  it('FedEx PDF417: the tracking field is read', () => {
    expect(only(parseScan(pdf417(FEDEX_12, 'FDEG')).candidates)).toEqual([{ carrier: 'fedex', trackingNumber: FEDEX_12 }]);
    expect(first(pdf417(FEDEX_15, 'FDE'))?.trackingNumber).toBe(FEDEX_15);
  });

  it('FedEx PDF417 keeps only FedEx readings of the tracking field', () => {
    // 14 digits would be a DHL eCommerce number out of context; under a FedEx SCAC it is not.
    expect(failsWith(pdf417('00' + FEDEX_12, 'FDEG'))).toBe('no_valid_match');
  });

  it('a format 01 record without the envelope is still read as one', () => {
    const record = pdf417(FEDEX_12, 'FDEG').slice(4);
    expect(record.startsWith(`01${GS}`)).toBe(true);
    expect(only(parseScan(record).candidates)).toEqual([{ carrier: 'fedex', trackingNumber: FEDEX_12 }]);
  });

  it('another SCAC: the tracking field is read as any number', () => {
    expect(first(pdf417(PIC_22, 'USPS'))?.carrier).toBe('usps');
  });

  it('a payload with no readable tracking field is no_valid_match', () => {
    expect(failsWith(pdf417('NOPE', 'FDEG'))).toBe('no_valid_match');
    expect(failsWith(`[)>${RS}06${GS}10ZGH007${RS}${EOT}`)).toBe('no_valid_match');
  });
});

describe('keyboard layout mismatch', () => {
  // What a US-layout scanner's keys type under French AZERTY, and with Shift inverted on a US layout.
  const AZERTY: Record<string, string> = { 1: '&', 2: 'é', 3: '"', 4: "'", 5: '(', 6: '-', 7: 'è', 8: '_', 9: 'ç', 0: 'à', A: 'Q', Q: 'A', Z: 'W', W: 'Z' };
  const SHIFTED: Record<string, string> = { 1: '!', 2: '@', 3: '#', 4: '$', 5: '%', 6: '^', 7: '&', 8: '*', 9: '(', 0: ')' };
  const azerty = (s: string): string =>
    chars(s)
      .map((c) => AZERTY[c] ?? c)
      .join('');
  const shifted = (s: string): string =>
    chars(s)
      .map((c) => SHIFTED[c] ?? c)
      .join('');

  it.each([
    ['AZERTY (French)', azerty(UPS_1Z), UPS_1Z],
    ['AZERTY (Belgian/Mac: 6 as §, 8 as !)', azerty(FEDEX_12).replaceAll('-', '§').replaceAll('_', '!'), FEDEX_12],
    ['AZERTY, lower case', azerty(UPS_1Z).toLowerCase(), UPS_1Z],
    ['shifted digits', shifted(FEDEX_12), FEDEX_12],
    ['shifted digits in a 1Z', shifted(UPS_1Z), UPS_1Z],
    ['QWERTZ (Y for Z)', UPS_1Z.replace('Z', 'Y'), UPS_1Z],
  ])('%s: reported, decoded number only suggested', (_what, raw, meant) => {
    const p = parseScan(raw);
    expect(p.error).toBe('keyboard_layout_mismatch');
    expect(p.candidates).toEqual([]);
    expect(p.suggestions?.map((s) => s.trackingNumber)).toContain(meant);
  });

  it('accented digit-row keys are a mismatch even when nothing decodes', () => {
    const p = parseScan('éèçàéèçà');
    expect(p.error).toBe('keyboard_layout_mismatch');
    expect(p.suggestions).toBeUndefined();
  });

  it('valid numbers and plain junk are never called a layout problem', () => {
    expect(parseScan(UPS_1Z).error).toBeNull();
    expect(parseScan('1ZZZZZ').error).toBe('no_valid_match');
    expect(parseScan('!!!').error).toBe('no_valid_match');
  });
});

describe('errors', () => {
  it.each([
    ['nothing', ''],
    ['bare Enter', '\r'],
    ['CR LF and spaces', ' \r\n\t '],
    ['only a GS', GS],
    ['only an AIM id', ']C1'],
    ['only the configured prefix', '~'],
  ])('%s is empty', (_what, raw) => {
    expect(parseScan(raw, { prefixToStrip: '~' })).toEqual({ raw, candidates: [], error: 'empty', ambiguous: false });
  });

  it.each([
    ['partial 1Z', UPS_1Z.slice(0, 16)],
    ['same 1Z twice, Enter lost', UPS_1Z + UPS_1Z],
    ['punctuation only', '---'],
    ['a word', 'DELIVERY'],
    ['too short', '12345'],
    ['partial routed IMpb', `42078745${PIC_22.slice(0, -1)}`],
  ])('%s is no_valid_match', (_what, raw) => {
    expect(failsWith(raw)).toBe('no_valid_match');
  });
});

describe('parseScanLine', () => {
  it('reads {"raw": ...} and returns raw, candidates and error', () => {
    expect(parseScanLine(JSON.stringify({ raw: `${UPS_1Z}\r\n` }))).toEqual({
      raw: `${UPS_1Z}\r\n`,
      candidates: [{ carrier: 'ups', trackingNumber: UPS_1Z, format: 'ups_1z' }],
      error: null,
    });
    expect(parseScanLine('{"raw":"\\r"}')).toEqual({ raw: '\r', candidates: [], error: 'empty' });
  });

  it.each(['not json', '{"raw": 5}', '{"scan":"1Z"}', 'null', '[]', ''])('%j is bad_input', (line) => {
    expect(parseScanLine(line)).toEqual({ raw: line, candidates: [], error: 'bad_input' });
  });
});
