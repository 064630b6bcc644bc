import { useEffect, useState } from 'react';
import type { HubConflict, PresenceEntity } from '../../../src-shared/api';
import { conflictText } from '../../../src-shared/domain/hub/conflict-text';
import { useAppStore } from '../../stores';

/**
 * Returns and pickups whose change made here lost a race on the hub today, by id: read again whenever the list
 * it decorates changes (a pulled or pushed change refreshes it).
 */
export function useLostRaces(entity: PresenceEntity, list: unknown): Map<number, HubConflict> {
  const lostRaces = useAppStore((s) => s.lostRaces);
  const [races, setRaces] = useState<Map<number, HubConflict>>(new Map());
  useEffect(() => {
    let current = true;
    void lostRaces(entity).then((found) => current && setRaces(found));
    return () => void (current = false);
  }, [entity, list, lostRaces]);
  return races;
}

/** "Came too late here: received by Ana at Pack 3, 40 s ago": the kept version is what the row shows; do it again if it should be yours. */
export function LostRaceNote({ conflict }: { conflict: HubConflict | undefined }) {
  if (!conflict) return null;
  return (
    <span className="lost-race" data-testid="lost-race">
      {' '}
      · yours came too late: {conflictText(conflict, Date.now())}
    </span>
  );
}
