import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { HubConflict, ReturnRow } from '../../../src-shared/api';
import { carrierName, STATE_LABEL } from './labels';
import { LostRaceNote } from './LostRace';

/** What a returns grid hands its cells: the returns whose change here lost a race on the hub, by id. */
export interface ReturnsGridContext {
  lost: Map<number, HubConflict>;
}

/** The cells every returns list opens with: which return it is, whose parcel, and its state (with a lost race, if any). */
export function ReturnCells({ row, lost }: { row: ReturnRow; lost: HubConflict | undefined }) {
  return (
    <>
      <td className="mono">{row.rmaNumber}</td>
      <td>{row.orderNumber}</td>
      <td className="mono">{row.trackingNumber}</td>
      <td>{carrierName(row.carrier)}</td>
      <td>
        <StateCell row={row} lost={lost} />
      </td>
    </>
  );
}

function StateCell({ row, lost }: { row: ReturnRow; lost: HubConflict | undefined }) {
  return (
    <>
      {STATE_LABEL[row.state]}
      <LostRaceNote conflict={lost} />
    </>
  );
}

/** The same opening cells as grid columns (colIds are the core's sort columns); the state cell reads lost races from the grid's context. */
export const RETURN_COLUMNS: ColDef<ReturnRow>[] = [
  { field: 'rmaNumber', headerName: 'RMA', width: 150, cellClass: 'mono' },
  { field: 'orderNumber', headerName: 'Order', width: 110 },
  { field: 'trackingNumber', headerName: 'Tracking', width: 220, cellClass: 'mono' },
  { field: 'carrier', headerName: 'Carrier', width: 120, valueFormatter: (p) => carrierName(p.value ?? null) },
  {
    field: 'state',
    headerName: 'State',
    width: 260,
    cellRenderer: (p: ICellRendererParams<ReturnRow, ReturnRow['state'], ReturnsGridContext>) =>
      p.data ? <StateCell row={p.data} lost={p.context.lost.get(p.data.id)} /> : null,
  },
];
