import { parseArgs } from 'node:util';
import { countEndpoints } from '../../shared/endpoint-counts.js';
import type { Endpoint } from '../../shared/endpoint.js';
import type { CollectorInfo } from '../collectors/collector.js';
import { createCollector } from '../collectors/select-collector.js';
import { Monitor, type MonitorTick } from '../monitor/monitor.js';
import { formatNetstatTable, compareForTable } from './netstat-table.js';
import { matchesFilter, type RowFilter } from './row-filter.js';
import { UsageError } from './usage.js';

/** Parses the flags of `sockscope snapshot`, netstat style (`-tulpn` works). */
export function parseSnapshotArgs(args: string[]): { filter: RowFilter; json: boolean } {
  const { values } = parseFlags(args);
  const anyProto = values.tcp || values.udp;
  const anyFamily = values.ipv4 || values.ipv6;
  return {
    json: values.json ?? false,
    filter: {
      tcp: !anyProto || values.tcp === true,
      udp: !anyProto || values.udp === true,
      ipv4: !anyFamily || values.ipv4 === true,
      ipv6: !anyFamily || values.ipv6 === true,
      listeningOnly: values.listening === true && values.all !== true,
    },
  };
}

function parseFlags(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        tcp: { type: 'boolean', short: 't' },
        udp: { type: 'boolean', short: 'u' },
        listening: { type: 'boolean', short: 'l' },
        all: { type: 'boolean', short: 'a' },
        numeric: { type: 'boolean', short: 'n' },
        programs: { type: 'boolean', short: 'p' },
        ipv4: { type: 'boolean', short: '4' },
        ipv6: { type: 'boolean', short: '6' },
        json: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(`snapshot: ${(error as Error).message}`);
  }
}

/** `sockscope snapshot`: one poll, printed as a table or as JSON. */
export async function runSnapshot(args: string[], out: NodeJS.WritableStream): Promise<void> {
  const { filter, json } = parseSnapshotArgs(args);
  const collector = createCollector();
  try {
    const tick = await new Monitor(collector).pollOnce();
    const rows = [...tick.table.rows.values()]
      .filter((row) => matchesFilter(row, filter))
      .sort(compareForTable);
    if (json) {
      out.write(JSON.stringify(snapshotDocument(tick, collector.info, filter, rows), null, 2) + '\n');
      return;
    }
    const { capabilities } = collector.info;
    out.write(formatNetstatTable(rows, { counters: capabilities.counters }));
    const notes = [
      noCountersNote(collector.info),
      notPermittedNote(tick.stats.ownersNotPermitted, tick.stats.processesNotPermitted),
    ];
    for (const note of notes) if (note !== undefined) process.stderr.write(note + '\n');
  } finally {
    collector.close();
  }
}

/**
 * The `snapshot --json` document. Rows go out as the table holds them, so
 * every field a row has (cookie, counters, rates) is in it, and fields it
 * lacks are left out rather than null.
 */
export function snapshotDocument(
  tick: MonitorTick,
  collector: CollectorInfo,
  filter: RowFilter,
  rows: readonly Endpoint[],
): object {
  return {
    takenAt: tick.table.takenAt,
    collector,
    consistent: tick.consistent,
    filter,
    counts: countEndpoints(rows),
    unseen: tick.stats,
    cost: tick.cost,
    rows,
  };
}

/**
 * Why the table has no Sent and Recv columns, from the collector's own
 * account of its limits and of why it was chosen (e.g. the netlink collector
 * could not run); undefined when it reads counters.
 */
export function noCountersNote(info: CollectorInfo): string | undefined {
  const { capabilities } = info;
  if (capabilities.counters) return undefined;
  const why = capabilities.limits.filter((limit) => /counter/i.test(limit));
  const what = why.length > 0 ? why.join('; ') : 'the collector reads no byte counters';
  return `(no Sent/Recv columns; ${what}; collector ${info.name}: ${info.reason})`;
}

/** Why some owners are missing, and what would show them; undefined when none are. */
export function notPermittedNote(
  sockets: number,
  processes: number,
  isRoot = process.getuid?.() === 0,
): string | undefined {
  if (sockets === 0) return undefined;
  const what = `(owners of ${plural(sockets, 'socket')} unknown: ${plural(processes, 'process', 'processes')} could not be inspected`;
  return isRoot
    ? `${what}, even as root: a container or security module restricts /proc)`
    : `${what}; run as root to see other users' processes)`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
