import type { HubConflict, ReturnRow } from '../../../src-shared/api';
import { carrierName, STATE_LABEL } from './labels';
import { LostRaceNote } from './LostRace';

/** The cells every returns list opens with: which return it is, whose parcel, and its state (with a lost race, if any). */
export function ReturnCells({ row, lost }: { row: ReturnRow; lost: HubConflict | undefined }) {
  return (
    <>
      <td className="mono">{row.rmaNumber}</td>
      <td>{row.orderNumber}</td>
      <td className="mono">{row.trackingNumber}</td>
      <td>{carrierName(row.carrier)}</td>
      <td>
        {STATE_LABEL[row.state]}
        <LostRaceNote conflict={lost} />
      </td>
    </>
  );
}
