import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OwnerResolver } from '../../../electron/processes/owner-resolver.js';
import { holdsSocket, spawnNode } from './children.js';

/** Child A: listens, then on any stdin line hands its server to a child B over IPC and closes its own copy. */
const HANDER = `
const net = require('node:net');
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const KEEPER = "process.on('message', (m, server) => { globalThis.kept = server; process.send('got'); });"
  + "process.on('disconnect', () => process.exit());";
const server = net.createServer();
server.listen(0, '127.0.0.1', () => {
  const inode = Number(fs.readlinkSync('/proc/self/fd/' + server._handle.fd).slice(8, -1));
  console.log(JSON.stringify({ inode }));
});
process.stdin.once('data', () => {
  const keeper = spawn(process.execPath, ['-e', KEEPER], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  keeper.once('message', () => server.close(() => console.log(JSON.stringify({ keeper: keeper.pid }))));
  keeper.send('server', server);
});
setInterval(() => {}, 60000);
`;

test('a socket handed to another process is re-pointed within fullPassPolls polls', async (t) => {
  const fullPassPolls = 3;
  const resolver = new OwnerResolver({ fullPassPolls });
  const hander = spawnNode(t, HANDER);
  const { inode } = JSON.parse(await hander.nextLine()) as { inode: number };
  const before = resolver.resolve([inode]).ownerOf(inode);
  assert.equal(before.kind === 'process' && before.pid, hander.pid);

  hander.process.stdin!.write('go\n');
  const { keeper } = JSON.parse(await hander.nextLine()) as { keeper: number };
  t.after(() => {
    try {
      process.kill(keeper, 'SIGKILL');
    } catch {
      // Already gone: it exits when its parent does.
    }
  });

  assert.ok(holdsSocket(keeper, inode) && !holdsSocket(hander.pid, inode), 'the socket moved');

  const owners: number[] = [];
  for (let poll = 1; poll <= fullPassPolls; poll++) {
    const owner = resolver.resolve([inode]).ownerOf(inode);
    owners.push(owner.kind === 'process' ? owner.pid : -1);
  }
  assert.equal(owners.at(-1), keeper, `owners poll by poll: ${owners.join(', ')} (hander ${hander.pid})`);
  // Never reported unknown on the way: the keeper was known as a holder before the hander let go.
  assert.ok(!owners.includes(-1), `owners poll by poll: ${owners.join(', ')}`);
});

/** Child A: listens, then on any stdin line starts B sharing the listening socket as its fd 3. */
const SHARER = `
const net = require('node:net');
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const server = net.createServer();
server.listen(0, '127.0.0.1', () => {
  const inode = Number(fs.readlinkSync('/proc/self/fd/' + server._handle.fd).slice(8, -1));
  console.log(JSON.stringify({ inode }));
});
process.stdin.once('data', () => {
  const sharer = spawn('sleep', ['60'], { stdio: ['ignore', 'ignore', 'inherit', server._handle.fd] });
  sharer.unref();
  console.log(JSON.stringify({ sharer: sharer.pid }));
});
setInterval(() => {}, 60000);
`;

test('a shared socket keeps its first owner, and passes to the other holder when that one exits', async (t) => {
  const resolver = new OwnerResolver({ fullPassPolls: 1 }); // every process re-read every poll
  const first = spawnNode(t, SHARER);
  const { inode } = JSON.parse(await first.nextLine()) as { inode: number };
  const owner = resolver.resolve([inode]).ownerOf(inode);
  assert.equal(owner.kind === 'process' && owner.pid, first.pid);

  first.process.stdin!.write('go\n');
  const { sharer } = JSON.parse(await first.nextLine()) as { sharer: number };
  t.after(() => {
    try {
      process.kill(sharer, 'SIGKILL');
    } catch {
      // Already gone.
    }
  });
  assert.ok(holdsSocket(sharer, inode) && holdsSocket(first.pid, inode), 'both hold it');
  for (let poll = 0; poll < 3; poll++) {
    assert.equal(resolver.resolve([inode]).ownerOf(inode), owner, 'the first owner stays while it holds it');
  }

  first.process.kill('SIGKILL');
  await first.exited();
  const after = resolver.resolve([inode]);
  const next = after.ownerOf(inode);
  assert.equal(next.kind === 'process' && next.pid, sharer);
  assert.equal(next.kind === 'process' && next.name, 'sleep');
  assert.equal(after.stats.processesScanned, 0, 'known as a holder already: no search');
});
