import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../processes/children.js';
import { COOPERATIVE, realMonitor, seenOwner, startKillChild } from './kill-fixtures.js';

// EPERM for real: the kill logic runs as `nobody` (setpriv) against a child
// of root. The table is root's view (nobody cannot see root's sockets' owners),
// handed to the script as JSON.

const SCRIPT = fileURLToPath(new URL('./kill-as-user-script.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

/** Runs the script as nobody:nogroup and returns what it printed. */
async function asNobody(input: unknown): Promise<{ uid: number; outcome: Record<string, unknown> }> {
  const { stdout } = await run(
    'setpriv',
    [
      '--reuid=nobody',
      '--regid=nogroup',
      '--clear-groups',
      '--inh-caps=-all',
      process.execPath,
      '--import',
      'tsx',
      SCRIPT,
      JSON.stringify(input),
    ],
    { cwd: ROOT, timeout: 30_000, env: { PATH: process.env.PATH, HOME: '/tmp' } },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as { uid: number; outcome: Record<string, unknown> };
}

const skip =
  process.getuid?.() !== 0
    ? 'needs root, to start a process another user may not signal'
    : !canRun('/usr/bin/setpriv')
      ? 'setpriv is not installed'
      : false;

function canRun(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

test(
  'EPERM: another user\'s process is refused as "owned by root: needs administrator rights"',
  { skip },
  async (t) => {
    const monitor = realMonitor(t);
    const child = await startKillChild(t, COOPERATIVE);
    const owner = await seenOwner(monitor, child.pid);
    assert.equal(owner.user, 'root');
    const rows = [...monitor.table.rows.values()].filter(
      (r) => r.owner.kind === 'process' && r.owner.pid === child.pid,
    );
    const request = { pid: child.pid, startTime: owner.startTime, signal: 'SIGTERM', asAdministrator: false };

    const withPkexec = await asNobody({ rows, request, pkexec: '/usr/bin/pkexec', helper: '/opt/helper' });
    assert.equal(withPkexec.uid, 65534, 'the script ran as nobody');
    assert.deepEqual(withPkexec.outcome, {
      kind: 'refused',
      pid: child.pid,
      refusal: 'not-permitted',
      message: `${owner.name} (pid ${child.pid}) is owned by root: needs administrator rights`,
      user: 'root',
      canElevate: true,
    });

    const withoutPkexec = await asNobody({
      rows,
      request: { ...request, signal: 'SIGKILL' },
      pkexec: null,
      helper: null,
    });
    assert.equal(withoutPkexec.outcome.refusal, 'not-permitted');
    assert.equal(withoutPkexec.outcome.canElevate, false);

    await sleep(100);
    assert.ok(isAlive(child.pid), 'the child lives');
    assert.deepEqual(await child.logged(), [], 'no signal reached it');
  },
);
