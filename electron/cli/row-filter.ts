import type { Endpoint } from '../../shared/endpoint.js';

/** netstat-style selection: protocols, families, listening only. */
export interface RowFilter {
  tcp: boolean;
  udp: boolean;
  ipv4: boolean;
  ipv6: boolean;
  listeningOnly: boolean;
}

/** Whether a row passes the filter. UDP endpoints without a peer count as listening, as in netstat -l. */
export function matchesFilter(row: Endpoint, filter: RowFilter): boolean {
  if (row.proto === 'tcp' ? !filter.tcp : !filter.udp) return false;
  if (row.family === 4 ? !filter.ipv4 : !filter.ipv6) return false;
  if (filter.listeningOnly) return row.state === 'LISTEN' || row.state === 'UNCONNECTED';
  return true;
}
