import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detailSections } from '../../../renderer/details/detail-fields.js';
import type { Endpoint } from '../../../shared/endpoint.js';

const base: Endpoint = {
  key: 'tcp6 [::1]:8080>[::1]:50000',
  proto: 'tcp',
  family: 6,
  localAddress: '::1',
  localPort: 8080,
  remoteAddress: '::1',
  remotePort: 50000,
  state: 'ESTABLISHED',
  recvQ: 0,
  sendQ: 12,
  uid: 1000,
  inode: 4242,
  bytesSent: 3 * 1024 * 1024,
  rttMs: 0.25,
  rttVarMs: 0.05,
  owner: {
    kind: 'process',
    pid: 77,
    name: 'server',
    exe: '/usr/bin/server',
    cmdline: 'server --port 8080',
    uid: 1000,
    user: 'alice',
    startTime: 1,
    startedAt: Date.UTC(2026, 0, 1),
  },
  firstSeen: Date.UTC(2026, 0, 2),
};

function fields(row: Endpoint): Map<string, string> {
  return new Map(detailSections(row).flatMap((s) => s.fields.map((f) => [f.label, f.value] as const)));
}

test('a process-owned row shows its process, addresses in ss form, and its counters', () => {
  const f = fields(base);
  assert.equal(f.get('Local'), '[::1]:8080');
  assert.equal(f.get('Remote'), '[::1]:50000');
  assert.equal(f.get('Protocol'), 'TCPv6');
  assert.equal(f.get('PID'), '77');
  assert.equal(f.get('Path'), '/usr/bin/server');
  assert.equal(f.get('Command line'), 'server --port 8080');
  assert.equal(f.get('User'), 'alice (uid 1000)');
  assert.match(f.get('Sent')!, /^3(\.0)? MiB \(3,145,728 bytes\)$/);
  assert.match(f.get('RTT')!, /±/);
  assert.equal(f.has('Received'), false, 'absent counters are left out, not shown empty');
});

test('an unknown owner says why', () => {
  const f = fields({ ...base, owner: { kind: 'unknown', reason: 'not-permitted' } });
  assert.match(f.get('Owner')!, /not permitted/);
  assert.equal(f.has('PID'), false);
});
