import assert from 'node:assert/strict';
import { readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { fdExists, readFdLink, socketInode } from '../../../electron/processes/socket-fds.js';

test('socketInode reads socket links only', () => {
  assert.equal(socketInode('socket:[12345]'), 12345);
  assert.equal(socketInode('socket:[4294967295]'), 4294967295);
  assert.equal(socketInode('pipe:[12345]'), null);
  assert.equal(socketInode('anon_inode:[eventpoll]'), null);
  assert.equal(socketInode('/dev/null'), null);
  assert.equal(socketInode('socket:[]'), null);
  assert.equal(socketInode('socket:[12x]'), null);
  assert.equal(socketInode('socket:[12'), null);
});

test('readFdLink and fdExists read a descriptor of this process, and say when none has the number', async (t) => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const { fd } = (server as unknown as { _handle: { fd: number } })._handle;
  const counts = { fdsRead: 0, fdDirsListed: 0, vanished: 0 };
  const link = readFdLink(`/proc/self/fd/${fd}`, counts);
  assert.equal(link, readlinkSync(`/proc/self/fd/${fd}`));
  assert.ok(link !== null && socketInode(link) !== null);
  assert.equal(fdExists(`/proc/self/fd/${fd}`, counts), true);
  assert.equal(readFdLink('/proc/self/fd/999999', counts), null);
  assert.equal(fdExists('/proc/self/fd/999999', counts), false);
  assert.equal(readFdLink('/proc/999999999/fd/0', counts), null, 'no such process');
  assert.equal(counts.fdsRead, 5);
});
