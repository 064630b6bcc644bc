import type { ColDef, ColumnState, SortModelItem, ValueFormatterParams } from 'ag-grid-community';
import type { ExceptionRow, ExceptionSortColumn, HubPresence } from '../../../src-shared/api';
import { grouped } from '../../../src-shared/domain/exceptions/priority';
import { carrierLabel } from '../../../src-shared/domain/tracking/carriers';
import { serviceLabel } from '../../../src-shared/domain/tracking/services';

type Formatter<V> = (p: ValueFormatterParams<ExceptionRow, V>) => string;

export const words = (text: string | null | undefined): string => (text ?? '').replace(/_/g, ' ');
export const shortDateTime = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '';

const dateTime: Formatter<string | null> = (p) => shortDateTime(p.value);
const money: Formatter<number | null> = (p) => (p.value === null || p.value === undefined ? '' : `${grouped(p.value, 2)} ${p.data?.currency ?? ''}`.trim());
const age: Formatter<number> = (p) => (p.value === undefined || p.value === null ? '' : p.value < 48 ? `${p.value} h` : `${Math.floor(p.value / 24)} d`);

export const reasonsText = (row: ExceptionRow | undefined): string =>
  row ? (row.facets.length ? row.facets.map((f) => words(f.reason)).join(' + ') : words(row.reason)) : '';

/** Severity bands colour the reason: the eye finds the damaged and lost parcels first. */
const severityClass = (severity: number | undefined) => (severity === undefined ? '' : severity >= 8 ? 'sev-high' : severity >= 5 ? 'sev-mid' : 'sev-low');

const COLUMNS: ColDef<ExceptionRow>[] = [
  {
    field: 'priority',
    headerName: 'Priority',
    width: 105,
    sort: 'desc',
    type: 'rightAligned',
    valueFormatter: (p) => grouped(p.value ?? 0),
    tooltipField: 'priorityExplanation',
  },
  { field: 'ageHours', headerName: 'Age', width: 75, type: 'rightAligned', valueFormatter: age },
  {
    field: 'reason',
    headerName: 'Reasons',
    width: 190,
    // The parcel's reasons, the most severe (the one its colour follows) first.
    valueFormatter: (p) => reasonsText(p.data),
    tooltipValueGetter: (p) => reasonsText(p.data),
    cellClass: (p) => severityClass(p.data?.severity),
  },
  { field: 'state', headerName: 'State', width: 110, valueFormatter: (p) => words(p.value) },
  {
    colId: 'openAt',
    headerName: 'Open at',
    width: 150,
    headerTooltip: 'Who has this item open at another station right now (through the warehouse hub)',
    valueGetter: (p) => {
      const here = (p.context as { presence?: Map<number, HubPresence> } | undefined)?.presence?.get(p.data?.id ?? -1);
      return here ? `${here.operator ?? 'Someone'} at ${here.station}` : '';
    },
  },
  { field: 'flags', headerName: 'Flags', width: 150, valueFormatter: (p) => (p.value ?? []).map(words).join(', ') },
  { field: 'carrier', headerName: 'Carrier', width: 90, valueFormatter: (p) => carrierLabel(p.value ?? '') },
  { field: 'service', headerName: 'Service', width: 140, valueFormatter: (p) => serviceLabel(p.value) },
  { field: 'trackingNumber', headerName: 'Tracking number', width: 200 },
  { field: 'orderNumber', headerName: 'Order', width: 95 },
  { field: 'orderValue', headerName: 'Value', width: 105, type: 'rightAligned', valueFormatter: money },
  { field: 'warehouse', headerName: 'Warehouse', width: 100 },
  { field: 'lastEventAt', headerName: 'Last event', width: 140, valueFormatter: dateTime },
  { field: 'lastEventLocation', headerName: 'Where', width: 130 },
  { field: 'lastEventText', headerName: 'Last event text', width: 230, tooltipField: 'lastEventText' },
  {
    field: 'expectedDeliveryCurrent',
    headerName: 'Expected',
    width: 170,
    valueFormatter: (p) => {
      const original = p.data?.expectedDeliveryOriginal;
      return original && p.value && p.value !== original ? `${p.value} (was ${original})` : (p.value ?? original ?? '');
    },
  },
  { field: 'assignee', headerName: 'Assignee', width: 120 },
  { field: 'snoozedUntil', headerName: 'Snoozed until', width: 140, valueFormatter: dateTime },
];

/** Grid columns the core can order the whole queue by: the grid reads its blocks, and an export writes the view, in their order. */
const SERVER_SORT: Partial<Record<string, ExceptionSortColumn>> = {
  priority: 'priority',
  ageHours: 'age',
  reason: 'reason',
  carrier: 'carrier',
  orderValue: 'orderValue',
  lastEventAt: 'lastEventAt',
  expectedDeliveryCurrent: 'expectedDelivery',
};

export const serverSort = (state: ColumnState[]): { column: ExceptionSortColumn; direction: 'asc' | 'desc' }[] =>
  state
    .filter((c) => c.sort && SERVER_SORT[c.colId])
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
    .slice(0, 3)
    .map((c) => ({ column: SERVER_SORT[c.colId] as ExceptionSortColumn, direction: c.sort as 'asc' | 'desc' }));

/** Only the columns the core sorts by take a header click: the grid holds a few blocks of the queue, never the whole of it. */
export const EXCEPTION_COLUMNS: ColDef<ExceptionRow>[] = COLUMNS.map((c) => ({ ...c, sortable: SERVER_SORT[c.colId ?? c.field ?? ''] !== undefined }));

/** The sort of a block the grid asks for (its sort model, in header-click order), as the core takes it. */
export const blockSort = (model: SortModelItem[]) => serverSort(model.map((m, i) => ({ colId: m.colId, sort: m.sort, sortIndex: i })));
