import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import { SHIPMENT_SORT_COLUMNS, type ShipmentRow } from '../../../src-shared/api';
import { carrierLabel } from '../../../src-shared/domain/tracking/carriers';
import { serviceLabel } from '../../../src-shared/domain/tracking/services';

const dateTime = (p: ValueFormatterParams<ShipmentRow, string | null>) =>
  p.value ? new Date(p.value).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '';
const money = (p: ValueFormatterParams<ShipmentRow, number | null>) =>
  p.value === null || p.value === undefined ? '' : `${p.value.toFixed(2)} ${p.data?.currency ?? ''}`.trim();
const words = (p: ValueFormatterParams<ShipmentRow, string | null>) => (p.value ?? '').replace(/_/g, ' ');

/** Columns whose `colId` the core can sort by; the rest are shown but not sortable. */
export const SORTABLE = new Set<string>(SHIPMENT_SORT_COLUMNS);

const column = (def: ColDef<ShipmentRow>): ColDef<ShipmentRow> => ({ ...def, sortable: SORTABLE.has(def.field as string) });

export const SHIPMENT_COLUMNS: ColDef<ShipmentRow>[] = [
  column({ field: 'trackingNumber', headerName: 'Tracking number', width: 220, pinned: 'left' }),
  column({ field: 'carrier', headerName: 'Carrier', width: 95, valueFormatter: (p) => carrierLabel(p.value ?? '') }),
  column({ field: 'service', headerName: 'Service', width: 150, valueFormatter: (p) => serviceLabel(p.value) }),
  column({ field: 'status', headerName: 'Status', width: 150, valueFormatter: words, cellClass: (p) => `status-${p.value}` }),
  column({ field: 'substatus', headerName: 'Detail', width: 140, valueFormatter: words }),
  column({ field: 'flags', headerName: 'Flags', width: 130, valueFormatter: (p) => (p.value ?? []).join(', ').replace(/_/g, ' ') }),
  column({ field: 'warehouse', headerName: 'Warehouse', width: 110 }),
  column({ field: 'orderNumber', headerName: 'Order', width: 105 }),
  column({ field: 'orderValue', headerName: 'Value', width: 110, type: 'rightAligned', valueFormatter: money }),
  column({ field: 'labelCreatedAt', headerName: 'Label created', width: 160, valueFormatter: dateTime }),
  column({ field: 'shipDate', headerName: 'Ship date', width: 115 }),
  column({ field: 'expectedDeliveryCurrent', headerName: 'Expected', width: 115 }),
  column({ field: 'lastEventAt', headerName: 'Last event', width: 160, valueFormatter: dateTime }),
  column({ field: 'lastEventText', headerName: 'Last event text', width: 240 }),
  column({ field: 'lastEventLocation', headerName: 'Where', width: 150 }),
  column({ field: 'source', headerName: 'Source', width: 100 }),
  column({ field: 'externalId', headerName: 'Upstream id', width: 130 }),
];
