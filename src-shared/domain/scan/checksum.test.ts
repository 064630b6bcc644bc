import { describe, expect, it } from 'vitest';
import { fedexMod11, gs1Mod10, mod7, s10Mod11, upsMod10 } from './checksum';

// Each algorithm against numbers published with it, plus the one-digit-off neighbour that must fail.
describe('check digits', () => {
  it.each([
    ['9400111206206406260787', true], // USPS IMpb
    ['9400111206206406260788', false],
    ['041441760228964', true], // FedEx Ground 15
    ['041441760228965', false],
    ['7035114477138472', true], // Canada Post 16
    ['00012345678905', true], // GTIN-14 of the GS1 example
  ])('gs1Mod10(%s) = %s', (n, ok) => {
    expect(gs1Mod10(n)).toBe(ok);
  });

  it.each([
    ['999AA10123456784', true], // body of UPS's sample 1Z999AA10123456784
    ['999AA10123456785', false],
    ['C11031500001879', true], // OnTrac: letter counts (C = 4)
    ['2479825491', true], // UPS waybill K2479825491 without its service letter
  ])('upsMod10(%s) = %s', (n, ok) => {
    expect(upsMod10(n)).toBe(ok);
  });

  it.each([
    ['986578788855', true],
    ['996578788855', false],
    ['000000000000', true], // all zeros sum to 0: the check digit is 0
  ])('fedexMod11(%s) = %s', (n, ok) => {
    expect(fedexMod11(n)).toBe(ok);
  });

  it.each([
    ['3318810025', true],
    ['3318810026', false],
    ['73891051146', true], // 10-digit serial
    ['99999999999999999999993', true], // 10^22 - 1 is past 2^53; 10^6 = 1 (mod 7) so it is 10^4 - 1 = 3 (mod 7)
    ['99999999999999999999996', false],
  ])('mod7(%s) = %s', (n, ok) => {
    expect(mod7(n)).toBe(ok);
  });

  it.each([
    ['123456785', true], // RB 12345678 5 GB
    ['123456786', false],
    ['000000005', true], // remainder 0 -> check digit 5
    ['000040000', true], // 4 * 3 = 12, remainder 1 -> check digit 0
    ['000000601', true], // 6 * 9 = 54, remainder 10 -> check digit 11 - 10 = 1
    ['000000600', false],
  ])('s10Mod11(%s) = %s', (n, ok) => {
    expect(s10Mod11(n)).toBe(ok);
  });
});
