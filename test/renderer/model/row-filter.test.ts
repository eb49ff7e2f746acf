import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Endpoint } from '../../../shared/endpoint.js';
import { DEFAULT_FILTER, makeRowFilter, type ViewFilter } from '../../../renderer/model/row-filter.js';
import { endpoint } from './endpoint-fixture.js';

const nginx = {
  kind: 'process' as const,
  pid: 4242,
  name: 'Nginx',
  exe: '/usr/sbin/nginx',
  cmdline: 'nginx: master process',
  uid: 33,
  user: 'www-data',
  startTime: 99,
  startedAt: 1_700_000_000_000,
};

/** One row of each kind a filter tells apart. */
const ROWS = {
  ssh: endpoint(),
  listen4: endpoint({
    localAddress: '0.0.0.0',
    localPort: 80,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'LISTEN',
    owner: nginx,
  }),
  listen6: endpoint({
    family: 6,
    localAddress: '::',
    localPort: 80,
    remoteAddress: '::',
    remotePort: 0,
    state: 'LISTEN',
    owner: nginx,
  }),
  web6: endpoint({
    family: 6,
    localAddress: '2001:db8::5',
    localPort: 443,
    remoteAddress: '2001:db8::77',
    remotePort: 60001,
    owner: nginx,
  }),
  timeWait: endpoint({
    remotePort: 51999,
    state: 'TIME_WAIT',
    inode: 0,
    owner: { kind: 'unknown', reason: 'kernel' },
  }),
  closeWait: endpoint({ remotePort: 52000, state: 'CLOSE_WAIT' }),
  boundTcp: endpoint({ localPort: 5000, remoteAddress: '0.0.0.0', remotePort: 0, state: 'CLOSE', inode: 7 }),
  dns4: endpoint({
    proto: 'udp',
    localAddress: '127.0.0.53',
    localPort: 53,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'UNCONNECTED',
    owner: { kind: 'unknown', reason: 'not-permitted' },
  }),
  udpPeer6: endpoint({
    proto: 'udp',
    family: 6,
    localAddress: '::1',
    localPort: 40000,
    remoteAddress: '::1',
    remotePort: 53,
    state: 'CONNECTED',
  }),
} satisfies Record<string, Endpoint>;
type Name = keyof typeof ROWS;

/** The names of the rows `filter` keeps, changed from the default by `change`. */
function kept(change: Partial<ViewFilter>): Name[] {
  const keep = makeRowFilter({ ...DEFAULT_FILTER, ...change });
  return (Object.keys(ROWS) as Name[]).filter((name) => keep(ROWS[name]));
}

const ALL = Object.keys(ROWS) as Name[];

describe('makeRowFilter', () => {
  it('keeps every row with the default filter', () => {
    assert.deepEqual(kept({}), ALL);
  });

  it('hides each protocol and family its toggle turns off', () => {
    const on = { tcp4: true, tcp6: true, udp4: true, udp6: true };
    assert.deepEqual(kept({ protocols: { ...on, tcp4: false } }), ['listen6', 'web6', 'dns4', 'udpPeer6']);
    assert.deepEqual(
      kept({ protocols: { ...on, tcp6: false } }),
      ALL.filter((n) => n !== 'listen6' && n !== 'web6'),
    );
    assert.deepEqual(
      kept({ protocols: { ...on, udp4: false } }),
      ALL.filter((n) => n !== 'dns4'),
    );
    assert.deepEqual(kept({ protocols: { tcp4: false, tcp6: false, udp4: false, udp6: true } }), [
      'udpPeer6',
    ]);
    assert.deepEqual(kept({ protocols: { tcp4: false, tcp6: false, udp4: false, udp6: false } }), []);
  });

  it('filters by state group, counting UDP as ss does', () => {
    assert.deepEqual(kept({ state: 'listening' }), ['listen4', 'listen6', 'dns4']);
    assert.deepEqual(kept({ state: 'established' }), ['ssh', 'web6', 'udpPeer6']);
    assert.deepEqual(kept({ state: 'closing' }), ['timeWait', 'closeWait', 'boundTcp']);
  });

  it('hides listeners, unconnected UDP and unbound TCP when unconnected endpoints are off', () => {
    assert.deepEqual(kept({ showUnconnected: false }), ['ssh', 'web6', 'timeWait', 'closeWait', 'udpPeer6']);
  });

  it('keeps a TCP CLOSE row that still has a peer when unconnected endpoints are off', () => {
    const closing = endpoint({ state: 'CLOSE', remotePort: 40404 });
    assert.equal(makeRowFilter({ ...DEFAULT_FILTER, showUnconnected: false })(closing), true);
  });

  it('searches process name and pid, case-insensitively', () => {
    assert.deepEqual(kept({ search: 'NGINX' }), ['listen4', 'listen6', 'web6']);
    assert.deepEqual(kept({ search: '4242' }), ['listen4', 'listen6', 'web6']);
    assert.deepEqual(
      kept({ search: 'not permitted' }),
      ['dns4'],
      'two words, both in the unknown-owner label',
    );
    assert.deepEqual(kept({ search: '[kernel]' }), ['timeWait']);
  });

  it('searches addresses, ports and addr:port forms', () => {
    assert.deepEqual(kept({ search: '127.0.0.53' }), ['dns4']);
    assert.deepEqual(kept({ search: '127.0.0.53:53' }), ['dns4']);
    assert.deepEqual(kept({ search: ':443' }), ['web6']);
    assert.deepEqual(kept({ search: '[2001:db8::77]:60001' }), ['web6']);
    assert.deepEqual(kept({ search: '2001:db8::77:60001' }), ['web6']);
    assert.deepEqual(kept({ search: '2001:DB8::5' }), ['web6']);
    assert.deepEqual(kept({ search: '52000' }), ['closeWait']);
  });

  it('searches state and protocol label', () => {
    assert.deepEqual(kept({ search: 'time_wait' }), ['timeWait']);
    assert.deepEqual(kept({ search: 'udpv6' }), ['udpPeer6']);
    assert.deepEqual(kept({ search: 'tcpv6 listen' }), ['listen6']);
  });

  it('requires every word, and ignores surrounding and repeated white space', () => {
    assert.deepEqual(kept({ search: '  sshd \t 51234 ' }), ['ssh']);
    assert.deepEqual(kept({ search: 'sshd nginx' }), []);
    assert.deepEqual(kept({ search: '   ' }), ALL);
  });

  it('does not match a word across two fields', () => {
    // 'sshd' then the pid '812' are separate fields: 'sshd812' or 'd 8' spanning them must not match.
    assert.deepEqual(kept({ search: 'sshd812' }), []);
    assert.deepEqual(kept({ search: 'established10' }), []);
  });

  it('combines every part of the filter', () => {
    const filter = {
      search: 'nginx',
      state: 'listening' as const,
      protocols: { ...DEFAULT_FILTER.protocols, tcp4: false },
    };
    assert.deepEqual(kept(filter), ['listen6']);
    assert.deepEqual(kept({ ...filter, showUnconnected: false }), []);
  });

  it('sees a row updated into another state: the search text follows the row', () => {
    const keep = makeRowFilter({ ...DEFAULT_FILTER, search: 'established' });
    const before = endpoint();
    assert.equal(keep(before), true);
    const after: Endpoint = { ...before, state: 'FIN_WAIT1' };
    assert.equal(keep(after), false);
    assert.equal(keep(before), true);
  });
});
