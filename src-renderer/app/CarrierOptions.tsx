import { carrierLabel } from '../../src-shared/domain/tracking/carriers';
import { CARRIERS } from '../../src-shared/domain/tracking/status';

/** Every carrier as a select's options, each named as the rest of the app names it. */
export function CarrierOptions() {
  return (
    <>
      {CARRIERS.map((c) => (
        <option key={c} value={c}>
          {carrierLabel(c)}
        </option>
      ))}
    </>
  );
}
