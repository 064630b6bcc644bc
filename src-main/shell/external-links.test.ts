import { describe, expect, it } from 'vitest';
import { isCarrierTrackingUrl } from './external-links';

describe('item 16: shell.openExternal only for the carrier tracking hosts the app knows', () => {
  it.each([
    ['https://www.ups.com/track?tracknum=1Z999AA10123456784', true],
    ['https://www.fedex.com/fedextrack/?trknbr=123', true],
    ['https://tools.usps.com/go/TrackConfirmAction?tLabels=9400', true],
    ['https://auspost.com.au/mypost/track/details/ABC', true],
    ['http://www.ups.com/track', false],
    ['https://ups.com.evil.example/track', false],
    ['https://evilups.com/track', false],
    ['https://user:pw@www.ups.com/', false],
    ['https://www.ups.com:8443/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['ms-msdt:/id', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isCarrierTrackingUrl(url)).toBe(allowed);
  });
});
