import { describe, expect, it } from 'vitest';
import type { PolledElsewhere } from '../../api/tracking';
import { polledElsewhereText } from './poll-text';

describe('a refresh left to another station, in words', () => {
  it.each<[string, PolledElsewhere[], string]>([
    ['polled here: nothing to say', [], ''],
    [
      'one account led by a named station',
      [{ carrier: 'ups', label: 'UPS', station: 'Pack 3' }],
      'UPS is polled by Pack 3; its answer reaches this station in seconds.',
    ],
    [
      'nobody leads it now',
      [{ carrier: 'dhl', label: 'DHL', station: null }],
      'DHL is polled by another station on the hub, none right now (the hub is out of reach, or no station has its credentials); the parcels are marked due for it.',
    ],
    [
      'two accounts at two stations',
      [
        { carrier: 'ups', label: 'UPS', station: 'Pack 3' },
        { carrier: 'fedex', label: 'FedEx', station: 'Office' },
      ],
      'UPS is polled by Pack 3; its answer reaches this station in seconds. FedEx is polled by Office; its answer reaches this station in seconds.',
    ],
  ])('%s', (_what, elsewhere, text) => expect(polledElsewhereText(elsewhere)).toBe(text));
});
