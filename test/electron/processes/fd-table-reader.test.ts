import assert from 'node:assert/strict';
import { spawn, type StdioOptions } from 'node:child_process';
import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { test, type TestContext } from 'node:test';
import { FdMemo } from '../../../electron/processes/fd-memo.js';
import { FdTableReader } from '../../../electron/processes/fd-table-reader.js';
import { socketInode } from '../../../electron/processes/socket-fds.js';
import { waitUntil } from './children.js';

const counts = () => ({ fdsRead: 0, fdDirsListed: 0, vanished: 0 });

async function listening(t: TestContext): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  return (server as unknown as { _handle: { fd: number } })._handle.fd;
}

/** A `sleep` whose descriptors are /dev/null at 0-2 and `sockets` at the given numbers, holes between. */
async function sleeper(t: TestContext, sockets: Map<number, number>): Promise<number> {
  const top = Math.max(...sockets.keys());
  const stdio: StdioOptions = Array.from({ length: top + 1 }, (_, fd) =>
    fd < 3 ? 'ignore' : (sockets.get(fd) ?? 'ignore'),
  );
  const child = spawn('sleep', ['30'], { stdio });
  t.after(() => child.kill('SIGKILL'));
  const pid = child.pid as number;
  await waitUntil(() => readlinkSync(`/proc/${pid}/exe`).endsWith('/sleep'), 5000, 'sleep to start');
  return pid;
}

/** The table as a plain listing shows it: open count, and socket inode -> fd. */
function truth(pid: number): { open: number; sockets: Map<number, number> } {
  const sockets = new Map<number, number>();
  const names = readdirSync(`/proc/${pid}/fd`);
  for (const name of names) {
    const inode = socketInode(readlinkSync(`/proc/${pid}/fd/${name}`));
    if (inode !== null) sockets.set(inode, Number(name));
  }
  return { open: names.length, sockets };
}

test('a table with a far stray is read by number, the stray once known needing no listing', async (t) => {
  const [a, b, c] = [await listening(t), await listening(t), await listening(t)];
  const layout = new Map([
    [3, a],
    [4, b],
    [150, c],
  ]);
  const reader = new FdTableReader();
  for (const [i, pid] of [await sleeper(t, layout), await sleeper(t, layout)].entries()) {
    const fdDir = `/proc/${pid}/fd`;
    const memo = new FdMemo();
    const sockets = new Map<number, number>();
    const n = counts();
    reader.readWhole(fdDir, statSync(fdDir).size, false, memo, sockets, undefined, n);
    const expected = truth(pid);
    assert.deepEqual(sockets, expected.sockets);
    assert.equal(memo.open, expected.open);
    assert.equal([...sockets.values()].sort().join(), '150,3,4');
    if (i === 1) assert.equal(n.fdDirsListed, 0, 'the strays were learned from the first table');
  }
});

test('without an fd count a table is listed; a count met early still re-reads the known sockets above', async (t) => {
  const far = await listening(t);
  const pid = await sleeper(t, new Map([[40, far]]));
  const fdDir = `/proc/${pid}/fd`;
  const expected = truth(pid);
  const reader = new FdTableReader();

  const listed = counts();
  const sockets = new Map<number, number>();
  reader.readWhole(fdDir, -1, false, new FdMemo(), sockets, undefined, listed);
  assert.equal(listed.fdDirsListed, 1);
  assert.deepEqual(sockets, expected.sockets);

  // As if a descriptor opened below after the count was taken: the count is met before 40.
  const again = new Map<number, number>();
  reader.readWhole(fdDir, 3, false, new FdMemo(), again, sockets, counts());
  assert.deepEqual(again, expected.sockets);
});
