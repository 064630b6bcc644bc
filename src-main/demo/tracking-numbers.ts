import { fedexMod11, gs1Mod10, mod7, s10Mod11, upsMod10 } from '../../src-shared/domain/scan/checksum';
import type { Carrier } from '../../src-shared/domain/tracking/status';

const digits = (n: number, width: number) => String(n % 10 ** width).padStart(width, '0');

/** Appends the one check digit under which `holds` accepts the number; every algorithm here has exactly one. */
function withCheckDigit(body: string, holds: (candidate: string) => boolean): string {
  for (let d = 0; d <= 9; d++) if (holds(body + d)) return body + d;
  throw new Error(`no check digit makes ${body} valid`);
}

/**
 * Numbers that pass the scan parser's format and check-digit rules, so demo parcels scan like real labels.
 * Unique per serial for serials below 10^8 (DHL's 8-digit body is the narrowest).
 */
export function exampleTrackingNumber(carrier: Carrier, serial: number): string {
  switch (carrier) {
    case 'ups':
      return '1Z' + withCheckDigit(`W${digits(serial, 3)}AB${digits(serial, 9)}`, upsMod10);
    case 'fedex':
      return withCheckDigit(`7${digits(serial, 10)}`, fedexMod11);
    case 'usps':
      return withCheckDigit(`9400111${digits(serial, 14)}`, gs1Mod10);
    case 'dhl':
      return withCheckDigit(`3${digits(serial, 8)}`, mod7);
    case 'canada_post':
      return withCheckDigit(`70${digits(serial, 13)}`, gs1Mod10);
    case 'ontrac':
      return withCheckDigit(`C${digits(serial, 13)}`, upsMod10);
    case 'amazon':
      return `TBA${digits(serial, 12)}`;
    case 's10':
      return `RR${withCheckDigit(digits(serial, 8), s10Mod11)}US`;
    case 'lasership':
      return `LX${1 + (Math.floor(serial / 10_000_000) % 8)}${digits(serial, 7)}`;
    default:
      return `WB${digits(serial, 12)}`;
  }
}
