import {
  emptyStats,
  type Collector,
  type CollectorSnapshot,
} from '../../../electron/collectors/collector.js';
import type { OwnedSocketRow, ProcessOwner } from '../../../shared/endpoint.js';

/** The churn the UI benchmark asks for, per poll. */
export interface SyntheticLoad {
  rows: number;
  changedPerPoll: number;
  addedPerPoll: number;
  removedPerPoll: number;
}

const OWNERS: ProcessOwner[] = Array.from({ length: 50 }, (_, i) => ({
  kind: 'process',
  pid: 10_000 + i,
  name: ['nginx', 'postgres', 'node', 'sshd', 'redis-server'][i % 5]!,
  exe: `/usr/bin/synthetic-${i}`,
  cmdline: `/usr/bin/synthetic-${i} --worker ${i}`,
  uid: 1000,
  user: 'bench',
  startTime: 1000 + i,
  startedAt: 1_700_000_000_000 + i,
}));

/**
 * A collector that invents a busy machine: `rows` established TCP
 * connections with counters, and each poll `changedPerPoll` of them move
 * bytes, `addedPerPoll` new ones open and `removedPerPoll` old ones close.
 * Deterministic (a fixed pseudo-random sequence), so runs compare.
 */
export function syntheticCollector(load: SyntheticLoad): Collector {
  let next = 0;
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const make = (): OwnedSocketRow => {
    const n = next++;
    return {
      proto: 'tcp',
      family: n % 5 === 0 ? 6 : 4,
      localAddress:
        n % 5 === 0
          ? `fd00::${(n >> 16).toString(16)}:${(n & 0xffff).toString(16)}`
          : `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      localPort: 1024 + (n % 60_000),
      remoteAddress: n % 5 === 0 ? 'fd00::1' : '10.255.0.1',
      remotePort: 443,
      state: 'ESTABLISHED',
      recvQ: 0,
      sendQ: 0,
      uid: 1000,
      inode: 1_000_000 + n,
      cookie: n.toString(16).padStart(16, '0'),
      bytesSent: 0,
      bytesReceived: 0,
      segsOut: 1,
      segsIn: 1,
      retrans: 0,
      rttMs: 0.05,
      rttVarMs: 0.02,
      owner: OWNERS[n % OWNERS.length]!,
    };
  };
  let rows: OwnedSocketRow[] = Array.from({ length: load.rows }, make);
  let polls = 0;
  const started = performance.now();
  return {
    info: {
      name: 'synthetic',
      reason: 'UI benchmark',
      capabilities: { owners: true, counters: true, limits: [] },
    },
    async snapshot(): Promise<CollectorSnapshot> {
      if (polls++ > 0) {
        // Fresh objects for changed rows: collectors never mutate rows they returned.
        for (let i = 0; i < load.changedPerPoll; i++) {
          const at = Math.floor(random() * rows.length);
          const row = rows[at]!;
          const sent = Math.floor(random() * 100_000);
          rows[at] = {
            ...row,
            bytesSent: row.bytesSent! + sent,
            bytesReceived: row.bytesReceived! + Math.floor(sent / 3),
            segsOut: row.segsOut! + 1 + (sent >> 12),
            segsIn: row.segsIn! + 1,
          };
        }
        rows = rows.slice(load.removedPerPoll);
        for (let i = 0; i < load.addedPerPoll; i++) rows.push(make());
      }
      return {
        takenAt: Date.now(),
        monotonicAt: performance.now() - started,
        rows,
        consistent: true,
        stats: emptyStats(),
        timings: { socketsMs: 0, ownersMs: 0 },
      };
    },
    close() {},
  };
}
