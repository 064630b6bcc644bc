import type { Carrier } from '../../src-shared/domain/tracking/status';

/** Well-formed numbers per carrier so demo parcels look like real labels. */
export function exampleTrackingNumber(carrier: Carrier, serial: number): string {
  const digits = (n: number, width: number) => String(n).padStart(width, '0');
  switch (carrier) {
    case 'ups':
      return `1ZW${digits(serial % 1000, 3)}AB${digits(serial, 9)}`;
    case 'fedex':
      return `7${digits(serial, 11)}`;
    case 'usps':
      return `9400111${digits(serial, 15)}`;
    case 'dhl':
      return digits(3_000_000_000 + serial, 10);
    default:
      return `WB${digits(serial, 12)}`;
  }
}
