import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { test, type TestContext } from 'node:test';
import { loadNativeAddon, type NativeAddon } from '../../../../electron/collectors/linux/native-addon.js';
import { FdMemo } from '../../../../electron/processes/fd-memo.js';
import { FdTableReader } from '../../../../electron/processes/fd-table-reader.js';
import { OwnerResolver } from '../../../../electron/processes/owner-resolver.js';
import { socketInode } from '../../../../electron/processes/socket-fds.js';
import { command, HOLDER, spawnNode, type HolderState } from '../../processes/children.js';

const loaded = loadNativeAddon();
const needsAddon = { skip: loaded.addon ? false : `native addon absent: ${loaded.reason}` };
const addon = loaded.addon as NativeAddon;
const counts = () => ({ fdsRead: 0, fdDirsListed: 0, vanished: 0 });

/** A HOLDER child after `changes`, one command each, with its pid. */
async function holder(t: TestContext, ...changes: Record<string, unknown>[]): Promise<[number, HolderState]> {
  const child = spawnNode(t, HOLDER);
  let state = JSON.parse(await child.nextLine()) as HolderState;
  for (const change of changes) state = await command(child, change);
  return [child.pid, state];
}

/** Everything a memo says, number by number. */
function memoView(memo: FdMemo): unknown {
  const links: number[] = [];
  for (let fd = 0; fd < memo.top; fd++) links.push(memo.get(fd));
  return { top: memo.top, open: memo.open, others: memo.others, complete: memo.complete, links };
}

/** The table read the plain way: socket inode -> fd. */
function truth(pid: number): Map<number, number> {
  const sockets = new Map<number, number>();
  for (const name of readdirSync(`/proc/${pid}/fd`)) {
    const inode = socketInode(readlinkSync(`/proc/${pid}/fd/${name}`));
    if (inode !== null) sockets.set(inode, Number(name));
  }
  return sockets;
}

test(
  'the native whole read equals the TypeScript one on real children holding known sockets',
  needsAddon,
  async (t) => {
    // Sockets among files, holes (closed files), and more descriptors than the first buffer holds.
    const small = await holder(t, { openFiles: 6, open: 5 });
    const [bigPid] = await holder(t, { openFiles: 300, open: 40 });
    const [holedPid, holed] = await holder(t, { openFiles: 8, open: 2 }, { closeFds: [5, 7, 8], open: 1 });
    for (const [pid, state] of [small, [bigPid, undefined], [holedPid, holed]] as const) {
      const fdDir = `/proc/${pid}/fd`;
      const reader = new FdTableReader();
      const tsMemo = new FdMemo();
      const tsSockets = new Map<number, number>();
      reader.readWhole(fdDir, statSync(fdDir).size, false, tsMemo, tsSockets, undefined, counts());
      const nMemo = new FdMemo();
      const nSockets = new Map<number, number>([[1, 1]]); // cleared first
      const n = counts();
      const size = reader.readWholeNative(addon.scanFdDir, fdDir, nMemo, nSockets, n);

      assert.deepEqual(nSockets, tsSockets, `sockets of ${pid}`);
      assert.deepEqual(memoView(nMemo), memoView(tsMemo), `memo of ${pid}`);
      assert.deepEqual(nSockets, truth(pid));
      assert.equal(size, statSync(fdDir).size);
      assert.equal(n.fdDirsListed, 1);
      assert.equal(n.fdsRead, nMemo.open);
      if (state) for (const { inode, fd } of state.sockets) assert.equal(nSockets.get(inode), fd);
    }
    assert.ok(truth(bigPid).size >= 40);
  },
);

test(
  'the raw scan: pairs in ascending order, 0 for non-sockets, and a too-small buffer says how many',
  needsAddon,
  async (t) => {
    const [pid, state] = await holder(t, { openFiles: 2, open: 3 });
    const fdDir = `/proc/${pid}/fd`;
    // procfs lists descriptors in ascending order (readdirSync sorts names as strings).
    const names = readdirSync(fdDir)
      .map(Number)
      .sort((a, b) => a - b);
    const out = new Float64Array(2 + 2 * 1000);
    const n = addon.scanFdDir(fdDir, out);
    assert.equal(n, names.length);
    assert.equal(out[0], statSync(fdDir).size);
    assert.equal(out[1], 0);
    for (let i = 0; i < n; i++) {
      const fd = names[i] as number;
      assert.equal(out[2 + 2 * i], fd);
      assert.equal(out[3 + 2 * i], socketInode(readlinkSync(`${fdDir}/${fd}`)) ?? 0, `fd ${fd}`);
    }
    const inodes = new Set(Array.from({ length: n }, (_, i) => out[3 + 2 * i]));
    for (const { inode } of state.sockets) assert.ok(inodes.has(inode), `socket ${inode}`);
    assert.equal(addon.scanFdDir(fdDir, new Float64Array(2 + 2 * 2)), n, 'too small: the count still');
  },
);

test('a gone process and a refused one give their errno; bad arguments throw', needsAddon, (t) => {
  const out = new Float64Array(64);
  const { ENOENT, ESRCH } = constants.errno;
  // pid_max is at most 2^22: this pid cannot exist.
  assert.ok([-ENOENT, -ESRCH].includes(addon.scanFdDir('/proc/4194305/fd', out)));
  const reader = new FdTableReader();
  assert.throws(
    () => reader.readWholeNative(addon.scanFdDir, '/proc/4194305/fd', new FdMemo(), new Map(), counts()),
    (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
  );

  let refused: string | undefined;
  try {
    readlinkSync('/proc/1/fd/0');
  } catch (error) {
    refused = (error as NodeJS.ErrnoException).code;
  }
  if (refused === 'EACCES' || refused === 'EPERM') {
    assert.equal(addon.scanFdDir('/proc/1/fd', out), -constants.errno[refused]);
    assert.throws(
      () => reader.readWholeNative(addon.scanFdDir, '/proc/1/fd', new FdMemo(), new Map(), counts()),
      (error: NodeJS.ErrnoException) => error.code === refused,
    );
  } else {
    t.diagnostic(`pid 1's links are readable here (${refused ?? 'no error'}): refusal not exercised`);
  }

  const scan = addon.scanFdDir as (...args: unknown[]) => number;
  assert.throws(() => scan(), TypeError);
  assert.throws(() => scan(1, out), TypeError);
  assert.throws(() => scan('/proc/self/fd', new Float64Array(1)), TypeError);
  assert.throws(() => scan('/proc/self/fd', new Int32Array(8)), TypeError);
  assert.throws(() => scan('/proc/self/fd', [0, 0, 0]), TypeError);
});

test('the resolver finds the same owners with and without the addon', needsAddon, async (t) => {
  const withAddon = new OwnerResolver({ native: addon, fullPassPolls: 3 });
  const without = new OwnerResolver({ native: null, fullPassPolls: 3 });
  assert.equal(withAddon.nativeReads, true);
  assert.equal(without.nativeReads, false);
  const children = await Promise.all(
    [0, 1, 2].map(async () => {
      const child = spawnNode(t, HOLDER);
      await child.nextLine();
      return { child, state: await command(child, { openFiles: 3, open: 4 }) };
    }),
  );
  for (let round = 0; round < 5; round++) {
    if (round > 0) {
      for (const entry of children) {
        const { sockets, files } = entry.state;
        entry.state = await command(entry.child, {
          close: sockets.slice(0, round % 3).map((s) => s.inode),
          closeFds: files.slice(0, 1),
          openFiles: 2,
          open: round,
        });
      }
    }
    const inodes = children.flatMap(({ state }) => state.sockets.map((s) => s.inode));
    const a = withAddon.resolve(inodes);
    const b = without.resolve(inodes);
    for (const { child, state } of children) {
      for (const { inode } of state.sockets) {
        const owner = a.ownerOf(inode);
        assert.deepEqual(owner, b.ownerOf(inode), `round ${round}: socket ${inode}`);
        assert.equal(
          owner.kind === 'process' ? owner.pid : owner.kind,
          child.pid,
          `round ${round}: ${inode}`,
        );
      }
    }
    // Both listed the machine's processes; other test files start and end processes
    // in parallel, so the two listings, moments apart, need not count the same.
    assert.ok(a.stats.processes >= children.length && b.stats.processes >= children.length);
  }
});

test('SOCKSCOPE_NATIVE=0 leaves the addon unloaded, and the resolver reads descriptor by descriptor', () => {
  const script = `
    import { loadNativeAddon } from './electron/collectors/linux/native-addon.ts';
    import { OwnerResolver } from './electron/processes/owner-resolver.ts';
    const { addon, reason } = loadNativeAddon();
    console.log(JSON.stringify({ loaded: addon !== null, reason, native: new OwnerResolver().nativeReads }));
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, SOCKSCOPE_NATIVE: '0' },
  });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), {
    loaded: false,
    reason: 'disabled by SOCKSCOPE_NATIVE=0',
    native: false,
  });
});
