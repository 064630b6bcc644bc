import { useEffect, useState } from 'react';
import { useAppStore } from '../../stores';

/** Who is working and where: a name or a badge scan, and this workstation's name. Every action records both. */
export function IdentityBar() {
  const operator = useAppStore((s) => s.operator);
  const operators = useAppStore((s) => s.operators);
  const station = useAppStore((s) => s.station);
  // A name saved in Settings is the one every audit entry carries: shown, not typed over.
  const savedStation = useAppStore((s) => (s.hub?.stationNamed ? s.hub.station.name : null));
  const error = useAppStore((s) => s.identityError);
  const loadOperators = useAppStore((s) => s.loadOperators);
  const signIn = useAppStore((s) => s.signIn);
  const signOut = useAppStore((s) => s.signOut);
  const setStation = useAppStore((s) => s.setStation);
  const [entry, setEntry] = useState('');

  useEffect(() => void loadOperators(), [loadOperators]);

  return (
    <div className="identity-bar">
      {operator ? (
        <span className="signed-in" data-testid="current-operator">
          Operator <strong>{operator}</strong>
          <button type="button" className="link" onClick={signOut}>
            Sign out
          </button>
        </span>
      ) : (
        <input
          aria-label="Operator name or badge"
          placeholder="Operator: name or scan badge"
          list="exception-operators"
          value={entry}
          onChange={(e) => setEntry(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            void signIn(entry);
            setEntry('');
          }}
        />
      )}
      <datalist id="exception-operators">
        {operators.map((o) => (
          <option key={o.name} value={o.name} />
        ))}
      </datalist>
      {savedStation ? (
        <span className="signed-in" data-testid="current-station" title="Set in Settings → Warehouse hub → This station">
          Workstation <strong>{savedStation}</strong>
        </span>
      ) : (
        <input
          aria-label="Workstation"
          placeholder="Workstation name"
          defaultValue={station}
          onBlur={(e) => setStation(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && setStation(e.currentTarget.value)}
        />
      )}
      {error && (
        <span className="identity-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
