import type { EndpointCounts } from './delta.js';
import type { Endpoint } from './endpoint.js';

/**
 * Counts rows by protocol and family, and by state. `byState` holds only the
 * states that occur, so the counts stay small on the wire.
 */
export function countEndpoints(rows: Iterable<Endpoint>): EndpointCounts {
  let total = 0;
  let tcp4 = 0;
  let tcp6 = 0;
  let udp4 = 0;
  let udp6 = 0;
  const byState: EndpointCounts['byState'] = {};
  for (const row of rows) {
    total++;
    if (row.proto === 'tcp') {
      if (row.family === 4) tcp4++;
      else tcp6++;
    } else if (row.family === 4) udp4++;
    else udp6++;
    byState[row.state] = (byState[row.state] ?? 0) + 1;
  }
  return { total, tcp4, tcp6, udp4, udp6, byState };
}
