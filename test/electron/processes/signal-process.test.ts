import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { describe, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadNativeAddon, type NativeAddon } from '../../../electron/collectors/linux/native-addon.js';
import { parseProcPidStat, PF_KTHREAD } from '../../../electron/processes/proc-pid-stat.js';
import {
  isKernelThread,
  signalProcess,
  waitForExit,
  type ProcessIdentity,
  type SignalOptions,
} from '../../../electron/processes/signal-process.js';
import { isAlive, LISTENER, spawnNode, startTimeOf, waitUntil, type Child } from './children.js';

const run = promisify(execFile);
const native = loadNativeAddon();

/** A listener that survives SIGTERM and says so on stdout. */
const STUBBORN = `
process.on('SIGTERM', () => console.log('TERM'));
const server = require('node:net').createServer();
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ pid: process.pid, port: server.address().port })));
setInterval(() => {}, 60000);
`;

/** A child that listens on 127.0.0.1:0 and printed its port, with its identity. */
async function listener(t: TestContext, script = LISTENER): Promise<[Child, ProcessIdentity]> {
  const child = spawnNode(t, script);
  const { port } = JSON.parse(await child.nextLine()) as { port: number };
  assert.ok(port > 0);
  return [child, { pid: child.pid, startTime: startTimeOf(child.pid) }];
}

/** True while `pid` exists and may be signalled (kill(pid, 0)). */
function signallable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A pid that no process has now: one of an exited, reaped child. */
function freePid(): number {
  for (let attempt = 0; attempt < 10; attempt++) {
    const { pid } = spawnSync('/bin/true');
    if (pid !== undefined && pid > 1 && !existsSync(`/proc/${pid}`)) return pid;
  }
  throw new Error('no free pid found');
}

/** /proc/PID/stat parsed, or null when it is gone. */
function statOf(pid: number | string): ReturnType<typeof parseProcPidStat> {
  try {
    return parseProcPidStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Some kernel thread (PF_KTHREAD), or undefined in a pid namespace that shows none. */
function kernelThread(): ProcessIdentity | undefined {
  for (const name of readdirSync('/proc')) {
    const stat = /^\d+$/.test(name) ? statOf(name) : null;
    if (stat !== null && (stat.flags & PF_KTHREAD) !== 0)
      return { pid: Number(name), startTime: stat.startTime };
  }
  return undefined;
}

const hasPidfd = native.addon !== null && typeof native.addon.pidfdOpen === 'function';

/** Both ways of signalling: the pidfd path and the kill(2) fallback, each run on every case. */
const MODES: { name: string; options: SignalOptions }[] = [
  { name: 'pidfd', options: {} },
  { name: 'kill(2) fallback', options: { addon: null } },
];

test('the native addon here has the pidfd calls, and this kernel answers them', () => {
  assert.ok(native.addon !== null, `native addon: ${native.reason}`);
  const addon = native.addon as Required<NativeAddon>;
  assert.equal(typeof addon.pidfdOpen, 'function', 'rebuild the addon: npm run build:native');
  const fd = addon.pidfdOpen(process.pid);
  // Linux >= 5.3 (this project's machines run 6.x); -ENOSYS would mean the fallback is used.
  assert.ok(fd >= 0, `pidfd_open answered ${fd}`);
  assert.equal(addon.pidfdWait(fd, 0), 0, 'this process is running');
  assert.equal(addon.pidfdSendSignal(fd, 0), 0, 'signal 0 to itself');
  assert.equal(addon.pidfdClose(fd), 0);
  assert.equal(addon.pidfdClose(fd), -constants.errno.EBADF, 'closed already');
});

test(
  'the pidfd calls refuse a descriptor that is not a pidfd, and leave it open',
  { skip: !hasPidfd },
  () => {
    const addon = native.addon as Required<NativeAddon>;
    const file = openSync('/dev/null', 'r');
    try {
      assert.equal(addon.pidfdWait(file, 0), -constants.errno.EBADF);
      assert.equal(addon.pidfdSendSignal(file, 15), -constants.errno.EBADF);
      assert.equal(addon.pidfdClose(file), -constants.errno.EBADF);
      assert.ok(fstatSync(file).isCharacterDevice(), 'still open');
    } finally {
      closeSync(file);
    }
    assert.equal(addon.pidfdOpen(freePid()), -constants.errno.ESRCH);
    assert.throws(() => addon.pidfdOpen(0), TypeError);
    assert.throws(() => addon.pidfdOpen(-1), TypeError);
    assert.throws(() => addon.pidfdWait(0, 60_000), TypeError);
  },
);

for (const { name, options } of MODES) {
  describe(`signalProcess through ${name}`, { skip: name === 'pidfd' && !hasPidfd }, () => {
    test('SIGTERM ends a cooperative child; waitForExit sees it go', async (t) => {
      const [child, identity] = await listener(t);
      assert.deepEqual(signalProcess(identity, 'SIGTERM', options), { kind: 'sent' });
      assert.equal(await waitForExit(identity, 5_000, options), true);
      await child.exited(5_000);
      assert.equal(child.process.signalCode, 'SIGTERM', 'it died of SIGTERM, never SIGKILL');
      // Once it has gone, the same identity is reported gone.
      assert.deepEqual(signalProcess(identity, 'SIGTERM', options), { kind: 'gone' });
    });

    test('a child ignoring SIGTERM outlives the wait, then SIGKILL ends it', async (t) => {
      const [child, identity] = await listener(t, STUBBORN);
      assert.deepEqual(signalProcess(identity, 'SIGTERM', options), { kind: 'sent' });
      assert.equal(await child.nextLine(5_000), 'TERM', 'it received SIGTERM');
      const started = Date.now();
      assert.equal(await waitForExit(identity, 300, options), false);
      const waited = Date.now() - started;
      assert.ok(waited >= 250 && waited < 2_000, `waited ${waited} ms for a 300 ms timeout`);
      assert.ok(signallable(identity.pid), 'still running');

      assert.deepEqual(signalProcess(identity, 'SIGKILL', options), { kind: 'sent' });
      assert.equal(await waitForExit(identity, 5_000, options), true);
      await child.exited(5_000);
      assert.equal(child.process.signalCode, 'SIGKILL');
    });

    test('a forged start time is refused and the child lives on', async (t) => {
      const [child, identity] = await listener(t);
      const forged = { pid: identity.pid, startTime: identity.startTime + 1 };
      assert.deepEqual(signalProcess(forged, 'SIGKILL', options), {
        kind: 'changed',
        startTime: identity.startTime,
      });
      // waitForExit takes another start time for "the process we meant is gone".
      assert.equal(await waitForExit(forged, 1_000, options), true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(signallable(identity.pid), 'not signalled');
      assert.equal(child.process.exitCode, null);
      assert.equal(child.process.signalCode, null);
    });

    test('a pid no process has is gone', async () => {
      const identity = { pid: freePid(), startTime: 1 };
      assert.deepEqual(signalProcess(identity, 'SIGTERM', options), { kind: 'gone' });
      assert.equal(await waitForExit(identity, 1_000, options), true);
    });

    test('pid 0, 1, -1, this process and non-integers are refused without a signal', async () => {
      for (const pid of [0, 1, -1, process.pid, 1.5, Number.NaN, 2 ** 40]) {
        const result = signalProcess({ pid, startTime: 1 }, 'SIGTERM', options);
        assert.equal(result.kind, 'error', `pid ${pid}`);
      }
      assert.equal(signalProcess({ pid: 2, startTime: -1 }, 'SIGTERM', options).kind, 'error');
      assert.equal(await waitForExit({ pid: 1, startTime: 0 }, 100, options), false);
    });

    test('a zombie counts as exited', async (t) => {
      // The background sleep's parent becomes `sleep 30`, which never reaps it.
      const shell = spawn('/bin/sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      t.after(() => shell.kill('SIGKILL'));
      const zombie = await new Promise<number>((resolve, reject) => {
        shell.stdout.once('data', (data: Buffer) => resolve(Number(String(data).trim())));
        setTimeout(() => reject(new Error('no pid from the shell')), 5_000);
      });
      await waitUntil(() => statOf(zombie)?.state === 'Z', 5_000, 'the zombie');
      const identity = { pid: zombie, startTime: startTimeOf(zombie) };
      assert.deepEqual(signalProcess(identity, 'SIGTERM', options), { kind: 'gone' });
      assert.equal(await waitForExit(identity, 1_000, options), true);
    });

    test('a kernel thread is refused', (t) => {
      const thread = kernelThread();
      if (thread === undefined) {
        t.skip('no kernel thread visible in this pid namespace');
        return;
      }
      assert.ok(isKernelThread(thread.pid));
      assert.deepEqual(signalProcess(thread, 'SIGKILL', options), { kind: 'kernel-thread' });
    });
  });
}

test('isKernelThread: false for a user process and for a pid that is gone', () => {
  assert.equal(isKernelThread(process.pid), false);
  assert.equal(isKernelThread(freePid()), false);
});

const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));
const canDrop = process.getuid?.() === 0 && setpriv !== undefined;

for (const mode of ['pidfd', 'kill'] as const) {
  test(
    `EPERM through ${mode}: nobody signalling a root child is not permitted, and the child lives`,
    { skip: !canDrop ? 'needs root and setpriv (to run as nobody)' : mode === 'pidfd' && !hasPidfd },
    async (t) => {
      const [child, identity] = await listener(t);
      const script = fileURLToPath(new URL('./signal-as-user-cli.ts', import.meta.url));
      const repo = fileURLToPath(new URL('../../../', import.meta.url));
      const { stdout } = await run(
        setpriv!,
        [
          '--reuid=nobody',
          '--regid=nogroup',
          '--clear-groups',
          process.execPath,
          '--import',
          'tsx',
          script,
          String(identity.pid),
          String(identity.startTime),
          'SIGKILL',
          mode,
        ],
        { cwd: repo, timeout: 30_000 },
      );
      const { uid, result } = JSON.parse(stdout) as { uid: number; result: unknown };
      assert.equal(uid, 65534);
      assert.deepEqual(result, { kind: 'not-permitted', uid: 0 });
      assert.ok(isAlive(identity.pid) && signallable(identity.pid));
      assert.equal(child.process.signalCode, null);
    },
  );
}
