import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createCollector } from '../../../../electron/collectors/select-collector.js';
import { Monitor } from '../../../../electron/monitor/monitor.js';
import type { Endpoint } from '../../../../shared/endpoint.js';
import { hostPort } from '../../../../shared/row-key.js';
import { LiveSockets } from '../../../helpers/live-sockets.js';

// `ss` is the oracle: the listening set Sockscope reports equals what
// `ss -Hltn` / `ss -Hlun` print, compared as multisets of local addresses.

const sockets = new LiveSockets();
after(() => sockets.close());

/** Local addresses of `ss -H<flags>` output, normalised to Sockscope's `hostPort` form. */
function ssLocal(flags: string): string[] {
  const out = execFileSync('ss', [`-H${flags}`], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const local = line.trim().split(/\s+/)[3]!;
      // ss prints a bound device as `addr%dev:port` and a dual-stack wildcard as `*:port`.
      const withoutDevice = local.replace(/%[^:\]]+(?=\]?:\d+$)/, '');
      return withoutDevice.startsWith('*:') ? `[::]${withoutDevice.slice(1)}` : withoutDevice;
    })
    .sort();
}

function ours(rows: Iterable<Endpoint>, proto: 'tcp' | 'udp'): string[] {
  const state = proto === 'tcp' ? 'LISTEN' : 'UNCONNECTED';
  return [...rows]
    .filter((r) => r.proto === proto && r.state === state)
    .map((r) => hostPort(r.localAddress, r.localPort, r.family))
    .sort();
}

/** Compares against ss up to three times: sockets may open or close between the two readings. */
async function agreesWithSs(proto: 'tcp' | 'udp', flags: string): Promise<void> {
  const monitor = new Monitor(createCollector());
  let last: { mine: string[]; theirs: string[] } | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const { table } = await monitor.pollOnce();
    const mine = ours(table.rows.values(), proto);
    const theirs = ssLocal(flags);
    if (JSON.stringify(mine) === JSON.stringify(theirs)) return;
    last = { mine, theirs };
  }
  assert.deepEqual(last!.mine, last!.theirs);
}

test('the TCP listening set equals ss -Hltn', async () => {
  await sockets.listen('127.0.0.1');
  await sockets.listen('::1');
  await sockets.listen('::');
  await agreesWithSs('tcp', 'ltn');
});

test('the unconnected UDP set equals ss -Hlun', async () => {
  await sockets.udp('udp4', '127.0.0.1');
  await sockets.udp('udp6', '::1');
  await agreesWithSs('udp', 'lun');
});
