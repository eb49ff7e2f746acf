/**
 * The grid's columns: ids and headers as the UI contract names them, cheap
 * value getters, human formats for bytes, rates and times with sorting by the
 * raw value, numeric address order, and which columns show by default.
 */
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import type { Endpoint } from '../../shared/endpoint.js';
import { compareAddresses } from '../model/address-compare.js';
import { formatBytes, formatClock, formatRate, formatRtt, ownerLabel, protoLabel } from '../model/format.js';

type Col = ColDef<Endpoint>;

const text = { filter: 'agTextColumnFilter', floatingFilter: true } satisfies Col;
const number = { filter: 'agNumberColumnFilter', floatingFilter: true, type: 'rightAligned' } satisfies Col;
/** Counters change every poll: flash the cell so the change shows. */
const counter = { ...number, enableCellChangeFlash: true } satisfies Col;

function formatted(format: (n: number | undefined) => string) {
  return (p: ValueFormatterParams<Endpoint>) => format(p.value as number | undefined);
}

const pid = (row: Endpoint | undefined) => (row?.owner.kind === 'process' ? row.owner.pid : undefined);
const processText = (
  row: Endpoint | undefined,
  pick: (o: Extract<Endpoint['owner'], { kind: 'process' }>) => string | null,
) => (row?.owner.kind === 'process' ? (pick(row.owner) ?? '') : '');

/** The ids of the counter columns: their headers explain when the collector has no counters. */
export const COUNTER_COLUMN_IDS: ReadonlySet<string> = new Set([
  'bytesSent',
  'bytesReceived',
  'sendRate',
  'recvRate',
  'segsOut',
  'segsIn',
  'retrans',
  'rttMs',
]);

/**
 * Every column in default order. `countersNote`, when set, is the tooltip of
 * the counter columns' headers (why they are empty). Visibility and width use
 * initial* so re-making the columns keeps what the user chose.
 */
export function columnDefs(countersNote: string | undefined): Col[] {
  const cols: Col[] = [
    {
      colId: 'process',
      headerName: 'Process',
      valueGetter: (p) => (p.data ? ownerLabel(p.data.owner) : ''),
      ...text,
      initialWidth: 150,
    },
    { colId: 'pid', headerName: 'PID', valueGetter: (p) => pid(p.data), ...number, initialWidth: 90 },
    {
      colId: 'proto',
      headerName: 'Protocol',
      valueGetter: (p) => (p.data ? protoLabel(p.data) : ''),
      ...text,
      initialWidth: 105,
    },
    {
      colId: 'localAddress',
      headerName: 'Local Address',
      field: 'localAddress',
      ...text,
      comparator: compareAddresses,
      initialWidth: 160,
    },
    { colId: 'localPort', headerName: 'Local Port', field: 'localPort', ...number, initialWidth: 105 },
    {
      colId: 'remoteAddress',
      headerName: 'Remote Address',
      field: 'remoteAddress',
      ...text,
      comparator: compareAddresses,
      initialWidth: 160,
    },
    { colId: 'remotePort', headerName: 'Remote Port', field: 'remotePort', ...number, initialWidth: 115 },
    { colId: 'state', headerName: 'State', field: 'state', ...text, initialWidth: 130 },
    { colId: 'recvQ', headerName: 'Recv-Q', field: 'recvQ', ...counter, initialHide: true, initialWidth: 95 },
    { colId: 'sendQ', headerName: 'Send-Q', field: 'sendQ', ...counter, initialHide: true, initialWidth: 95 },
    {
      colId: 'bytesSent',
      headerName: 'Sent',
      field: 'bytesSent',
      ...counter,
      valueFormatter: formatted(formatBytes),
      initialWidth: 105,
    },
    {
      colId: 'bytesReceived',
      headerName: 'Received',
      field: 'bytesReceived',
      ...counter,
      valueFormatter: formatted(formatBytes),
      initialWidth: 115,
    },
    {
      colId: 'sendRate',
      headerName: 'Send rate',
      field: 'sendRate',
      ...counter,
      valueFormatter: formatted(formatRate),
      initialWidth: 115,
    },
    {
      colId: 'recvRate',
      headerName: 'Receive rate',
      field: 'recvRate',
      ...counter,
      valueFormatter: formatted(formatRate),
      initialWidth: 125,
    },
    {
      colId: 'segsOut',
      headerName: 'Segs out',
      field: 'segsOut',
      ...counter,
      initialHide: true,
      initialWidth: 105,
    },
    {
      colId: 'segsIn',
      headerName: 'Segs in',
      field: 'segsIn',
      ...counter,
      initialHide: true,
      initialWidth: 100,
    },
    {
      colId: 'retrans',
      headerName: 'Retrans',
      field: 'retrans',
      ...counter,
      initialHide: true,
      initialWidth: 100,
    },
    {
      colId: 'rttMs',
      headerName: 'RTT',
      field: 'rttMs',
      ...counter,
      valueFormatter: formatted(formatRtt),
      initialHide: true,
      initialWidth: 100,
    },
    {
      colId: 'user',
      headerName: 'User',
      valueGetter: (p) => processText(p.data, (o) => o.user),
      ...text,
      initialHide: true,
      initialWidth: 110,
    },
    {
      colId: 'firstSeen',
      headerName: 'First seen',
      field: 'firstSeen',
      ...number,
      type: undefined,
      filter: false,
      floatingFilter: false,
      valueFormatter: (p) => (typeof p.value === 'number' ? formatClock(p.value) : ''),
      initialHide: true,
      initialWidth: 110,
    },
    {
      colId: 'exe',
      headerName: 'Path',
      valueGetter: (p) => processText(p.data, (o) => o.exe),
      ...text,
      initialHide: true,
      initialWidth: 220,
    },
    {
      colId: 'cmdline',
      headerName: 'Command line',
      valueGetter: (p) => processText(p.data, (o) => o.cmdline),
      ...text,
      initialHide: true,
      initialWidth: 300,
    },
  ];
  if (countersNote !== undefined) {
    for (const col of cols) if (COUNTER_COLUMN_IDS.has(col.colId!)) col.headerTooltip = countersNote;
  }
  return cols;
}

/** Settings every column shares. */
export const DEFAULT_COL_DEF: Col = {
  sortable: true,
  resizable: true,
  minWidth: 60,
};
