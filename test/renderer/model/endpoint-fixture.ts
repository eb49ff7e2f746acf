/** Rows for the renderer model tests: realistic endpoints with a few fields overridden. */
import type { Endpoint, ProcessOwner } from '../../../shared/endpoint.js';
import { rowKey } from '../../../shared/row-key.js';

/** An sshd process owner. */
export const SSHD: ProcessOwner = {
  kind: 'process',
  pid: 812,
  name: 'sshd',
  exe: '/usr/sbin/sshd',
  cmdline: 'sshd: /usr/sbin/sshd -D',
  uid: 0,
  user: 'root',
  startTime: 1520,
  startedAt: 1_700_000_000_000,
};

/** An endpoint (an established SSH connection unless `fields` say otherwise); the key follows the fields. */
export function endpoint(fields: Partial<Endpoint> = {}): Endpoint {
  const row: Endpoint = {
    key: '',
    proto: 'tcp',
    family: 4,
    localAddress: '10.0.0.5',
    localPort: 22,
    remoteAddress: '10.0.0.9',
    remotePort: 51234,
    state: 'ESTABLISHED',
    recvQ: 0,
    sendQ: 0,
    uid: 0,
    inode: 48213,
    owner: SSHD,
    firstSeen: 1_700_000_100_000,
    ...fields,
  };
  if (fields.key === undefined) row.key = rowKey(row);
  return row;
}
