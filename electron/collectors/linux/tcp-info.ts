import type { SocketCounters } from '../../../shared/endpoint.js';

/**
 * Offsets in struct tcp_info (linux/tcp.h) of the fields Sockscope shows,
 * checked with offsetof() against the uapi header. The struct only ever
 * grows at its end, so older kernels send a shorter prefix of it: a field is
 * read only when the payload reaches its end, and newer fields are ignored
 * (Linux 6.18 sends 280 bytes; the header we checked has 232).
 */
const TCPI_RTT = 68; // u32, microseconds
const TCPI_RTTVAR = 72; // u32, microseconds
const TCPI_TOTAL_RETRANS = 100; // u32
const TCPI_BYTES_ACKED = 120; // u64 (Linux 4.1)
const TCPI_BYTES_RECEIVED = 128; // u64 (Linux 4.1)
const TCPI_SEGS_OUT = 136; // u32 (Linux 4.2)
const TCPI_SEGS_IN = 140; // u32 (Linux 4.2)
const TCPI_DELIVERY_RATE = 160; // u64, bytes per second (Linux 4.9)

const TWO_POW_32 = 2 ** 32;

/** A host-order u64 as a number (exact below 2^53, which byte counters stay under). */
function readU64(view: DataView, offset: number, littleEndian: boolean): number {
  const first = view.getUint32(offset, littleEndian);
  const second = view.getUint32(offset + 4, littleEndian);
  return littleEndian ? second * TWO_POW_32 + first : first * TWO_POW_32 + second;
}

/**
 * Adds the counters of the struct tcp_info at `start` (payload `length`
 * bytes, host byte order) to `row`. Properties are added in offset order, so
 * rows from one kernel all take the same path of hidden classes, and a shorter
 * struct's rows a prefix of it.
 */
export function addTcpInfoCounters(
  row: SocketCounters,
  view: DataView,
  start: number,
  length: number,
  littleEndian: boolean,
): void {
  if (length < TCPI_RTT + 4) return;
  row.rttMs = view.getUint32(start + TCPI_RTT, littleEndian) / 1000;
  if (length < TCPI_RTTVAR + 4) return;
  row.rttVarMs = view.getUint32(start + TCPI_RTTVAR, littleEndian) / 1000;
  if (length < TCPI_TOTAL_RETRANS + 4) return;
  row.retrans = view.getUint32(start + TCPI_TOTAL_RETRANS, littleEndian);
  if (length < TCPI_BYTES_ACKED + 8) return;
  row.bytesSent = readU64(view, start + TCPI_BYTES_ACKED, littleEndian);
  if (length < TCPI_BYTES_RECEIVED + 8) return;
  row.bytesReceived = readU64(view, start + TCPI_BYTES_RECEIVED, littleEndian);
  if (length < TCPI_SEGS_OUT + 4) return;
  row.segsOut = view.getUint32(start + TCPI_SEGS_OUT, littleEndian);
  if (length < TCPI_SEGS_IN + 4) return;
  row.segsIn = view.getUint32(start + TCPI_SEGS_IN, littleEndian);
  if (length < TCPI_DELIVERY_RATE + 8) return;
  row.deliveryRate = readU64(view, start + TCPI_DELIVERY_RATE, littleEndian);
}

/**
 * Whether `row` already holds exactly the counters of the struct tcp_info at
 * `start` (what addTcpInfoCounters would give it), read in the same order.
 */
export function sameTcpInfoCounters(
  row: SocketCounters,
  view: DataView,
  start: number,
  length: number,
  littleEndian: boolean,
): boolean {
  if (length < TCPI_RTT + 4) return row.rttMs === undefined;
  if (row.rttMs !== view.getUint32(start + TCPI_RTT, littleEndian) / 1000) return false;
  if (length < TCPI_RTTVAR + 4) return row.rttVarMs === undefined;
  if (row.rttVarMs !== view.getUint32(start + TCPI_RTTVAR, littleEndian) / 1000) return false;
  if (length < TCPI_TOTAL_RETRANS + 4) return row.retrans === undefined;
  if (row.retrans !== view.getUint32(start + TCPI_TOTAL_RETRANS, littleEndian)) return false;
  if (length < TCPI_BYTES_ACKED + 8) return row.bytesSent === undefined;
  if (row.bytesSent !== readU64(view, start + TCPI_BYTES_ACKED, littleEndian)) return false;
  if (length < TCPI_BYTES_RECEIVED + 8) return row.bytesReceived === undefined;
  if (row.bytesReceived !== readU64(view, start + TCPI_BYTES_RECEIVED, littleEndian)) return false;
  if (length < TCPI_SEGS_OUT + 4) return row.segsOut === undefined;
  if (row.segsOut !== view.getUint32(start + TCPI_SEGS_OUT, littleEndian)) return false;
  if (length < TCPI_SEGS_IN + 4) return row.segsIn === undefined;
  if (row.segsIn !== view.getUint32(start + TCPI_SEGS_IN, littleEndian)) return false;
  if (length < TCPI_DELIVERY_RATE + 8) return row.deliveryRate === undefined;
  return row.deliveryRate === readU64(view, start + TCPI_DELIVERY_RATE, littleEndian);
}
