import type { PolledElsewhere } from '../../api/tracking';

/** On a hub, after a person's refresh: the accounts another station polls, and that their answer comes here through the hub. */
export function polledElsewhereText(elsewhere: readonly PolledElsewhere[]): string {
  return elsewhere
    .map(({ label, station }) =>
      station
        ? `${label} is polled by ${station}; its answer reaches this station in seconds.`
        : `${label} is polled by another station on the hub, none right now (the hub is out of reach, or no station has its credentials); the parcels are marked due for it.`,
    )
    .join(' ');
}
