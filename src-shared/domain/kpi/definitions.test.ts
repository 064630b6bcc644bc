import { describe, expect, it } from 'vitest';
import { metricHeader } from './definitions';

describe('figure headers say their unit once', () => {
  it.each([
    ['transitBusinessDays', 'Transit (business days)'],
    ['transitHours', 'Transit time (h)'],
    ['onTimeRate', 'On time (%)'],
    ['avgDeliveryVarianceDays', 'Avg delivery variance (days)'],
    ['shipped', 'Shipped'],
  ] as const)('%s → %s', (metric, header) => expect(metricHeader(metric)).toBe(header));
});
