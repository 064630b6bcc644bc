import { describe, expect, it } from 'vitest';
import { serviceLabel } from './services';

describe('service codes as people say them', () => {
  it.each([
    ['ground_advantage', 'Ground Advantage'],
    ['2nd_day_air', '2nd Day Air'],
    ['2day', '2Day'],
    ['ecommerce', 'eCommerce'],
    ['PRIORITY_MAIL', 'Priority Mail'],
    ['media_mail', 'Media Mail'],
    ['Parcel Select', 'Parcel Select'],
    [null, ''],
    ['', ''],
  ])('%s → %s', (code, label) => expect(serviceLabel(code)).toBe(label));
});
