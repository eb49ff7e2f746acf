import assert from 'node:assert/strict';
import { readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { readSocketInodes, socketInode } from '../../../electron/processes/socket-fds.js';

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

test('readSocketInodes finds a socket this process listens on', async (t) => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const counts = { fdsRead: 0, vanished: 0 };
  const found = new Set<number>();
  readSocketInodes('/proc/self/fd', found, counts);
  const handle = (server as unknown as { _handle: { fd: number } })._handle;
  const inode = socketInode(readlinkSync(`/proc/self/fd/${handle.fd}`));
  assert.ok(inode !== null && found.has(inode));
  assert.ok(counts.fdsRead > 0);
  assert.throws(() => readSocketInodes('/proc/999999999/fd', found, counts), { code: 'ENOENT' });
});
