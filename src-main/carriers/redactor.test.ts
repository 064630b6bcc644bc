import { describe, expect, it } from 'vitest';
import { createRedactor } from './redactor';

describe('createRedactor', () => {
  it('hides raw and URL-encoded secrets, including ones learned later', () => {
    const redactor = createRedactor(['s3cr/et+', '']);
    redactor.add('tok-123');
    expect(redactor.redact('a s3cr/et+ b s3cr%2Fet%2B c tok-123')).toBe('a [redacted] b [redacted] c [redacted]');
  });
});
