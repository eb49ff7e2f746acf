/**
 * What the kill tests share: child processes that listen on 127.0.0.1 and
 * log every SIGTERM they get on stdout (SIGKILL cannot be logged: the exit
 * says it), and a real Monitor over the real collector that has seen them.
 */
import type { TestContext } from 'node:test';
import { createCollector } from '../../../electron/collectors/select-collector.js';
import { Monitor } from '../../../electron/monitor/monitor.js';
import type { ProcessOwner } from '../../../shared/endpoint.js';
import { spawnNode, type Child } from '../processes/children.js';
import { waitFor } from '../../helpers/wait-for.js';

/**
 * Node code that listens on 127.0.0.1, prints {pid, port}, and on SIGTERM
 * prints {signal: "SIGTERM"}; it then exits when COOPERATIVE is true and
 * keeps running otherwise. LISTEN=false: no socket at all.
 */
function childScript(cooperative: boolean, listen = true): string {
  return `
const COOPERATIVE = ${cooperative};
process.on('SIGTERM', () => {
  process.stdout.write(JSON.stringify({ signal: 'SIGTERM' }) + '\\n', () => {
    if (COOPERATIVE) process.exit(0);
  });
});
const ready = (port) => console.log(JSON.stringify({ pid: process.pid, port }));
if (${listen}) {
  const server = require('node:net').createServer((s) => s.on('error', () => {}));
  server.listen(0, '127.0.0.1', () => ready(server.address().port));
} else {
  ready(0);
}
setInterval(() => {}, 60000);
`;
}

/** A child that exits on SIGTERM. */
export const COOPERATIVE = childScript(true);
/** A child that logs SIGTERM and keeps running: only SIGKILL ends it. */
export const STUBBORN = childScript(false);
/** A child with no socket: it owns no row. */
export const SOCKETLESS = childScript(false, false);

/** A started kill child with its port. */
export interface KillChild extends Child {
  port: number;
  /** Every line it printed after the ready line, as parsed JSON. */
  logged(): Promise<{ signal?: string }[]>;
}

/** Starts a child (stopped with SIGKILL when the test ends) and waits for its ready line. */
export async function startKillChild(t: TestContext, script: string): Promise<KillChild> {
  const child = spawnNode(t, script);
  const ready = JSON.parse(await child.nextLine()) as { pid: number; port: number };
  const logged = async (): Promise<{ signal?: string }[]> => {
    const lines: { signal?: string }[] = [];
    for (;;) {
      try {
        lines.push(JSON.parse(await child.nextLine(50)) as { signal?: string });
      } catch {
        return lines;
      }
    }
  };
  return { ...child, pid: ready.pid, port: ready.port, logged };
}

/** A Monitor over the real collector; closed when the test ends. Polls only when asked. */
export function realMonitor(t: TestContext): Monitor {
  const collector = createCollector();
  const monitor = new Monitor(collector);
  t.after(() => {
    monitor.stop();
    collector.close();
  });
  return monitor;
}

/** Polls until the table shows `pid` owning a socket, and returns that owner. */
export function seenOwner(monitor: Monitor, pid: number): Promise<ProcessOwner> {
  return waitFor(
    `pid ${pid} in the table`,
    async () => {
      await monitor.pollOnce();
      for (const row of monitor.table.rows.values()) {
        if (row.owner.kind === 'process' && row.owner.pid === pid) return row.owner;
      }
      return undefined;
    },
    10_000,
    50,
  );
}

/** Resolves how the child ended: its exit code and signal (bounded). */
export async function exitOf(
  child: Child,
  timeoutMs = 5000,
): Promise<{ code: number | null; signal: string | null }> {
  await child.exited(timeoutMs);
  return { code: child.process.exitCode, signal: child.process.signalCode };
}
