import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { test } from 'node:test';
import { OwnerResolver } from '../../../electron/processes/owner-resolver.js';
import { LISTENER, spawnNode, startTimeOf, waitUntil, isAlive } from './children.js';

interface Listening {
  pid: number;
  port: number;
  inode: number;
}

const asRoot = { skip: process.getuid?.() === 0 ? false : 'expects to run as root' };

test('finds a new child socket with exact facts, then a quiet poll scans nothing', asRoot, async (t) => {
  // A rolling pass this slow reads about one process per poll.
  const resolver = new OwnerResolver({ fullPassPolls: 1_000_000 });
  resolver.resolve([]); // the machine as it was before the child
  const child = spawnNode(t, LISTENER);
  const listening = JSON.parse(await child.nextLine()) as Listening;
  assert.equal(listening.pid, child.pid);

  const first = resolver.resolve([listening.inode]);
  // The rolling pass reads never-seen processes first, so it may find the
  // socket before the search does: then it is not counted as new.
  assert.ok(first.stats.newInodes <= 1, `${first.stats.newInodes} new inodes`);
  const owner = first.ownerOf(listening.inode);
  assert.equal(owner.kind, 'process');
  assert.deepEqual(owner, {
    kind: 'process',
    pid: child.pid,
    name: 'node',
    exe: realpathSync(process.execPath),
    cmdline: `${process.execPath} -e ${LISTENER}`,
    uid: 0,
    user: 'root',
    startTime: startTimeOf(child.pid),
    startedAt: owner.startedAt,
  });
  assert.ok(Math.abs(owner.startedAt - Date.now()) < 10_000, `startedAt ${owner.startedAt} is now-ish`);

  const quiet = resolver.resolve([listening.inode]);
  assert.equal(quiet.stats.newInodes, 0);
  assert.equal(quiet.stats.retriedInodes, 0);
  assert.equal(quiet.stats.processesScanned, 0);
  assert.equal(quiet.stats.fdCountsRead, 0);
  assert.ok(quiet.stats.processesReverified <= 2, `${quiet.stats.processesReverified} re-read`);
  assert.equal(quiet.ownerOf(listening.inode), owner, 'the same owner object, poll after poll');
});

test('a socket opened by a known process is found among those whose fd count changed', async (t) => {
  const resolver = new OwnerResolver();
  const child = spawnNode(t, `process.stdin.once('data', () => { ${LISTENER} }); console.log('ready');`);
  assert.equal(await child.nextLine(), 'ready');
  resolver.resolve([]); // reads the child while it holds no socket (it is the newest process)
  const cold = resolver.resolve([1]); // an inode nobody holds: one full search, for scale
  child.process.stdin!.write('go\n');
  const listening = JSON.parse(await child.nextLine()) as Listening;

  const found = resolver.resolve([listening.inode]);
  const owner = found.ownerOf(listening.inode);
  assert.equal(owner.kind === 'process' && owner.pid, child.pid);
  if (found.stats.fdCountsRead > 0) {
    // Linux >= 6.2: the changed fd count puts the child ahead of the unchanged processes.
    assert.ok(
      found.stats.processesScanned < cold.stats.processesScanned,
      `${found.stats.processesScanned} scanned vs ${cold.stats.processesScanned} for a full search`,
    );
  }
});

test('a killed child breaks nothing and loses its socket', async (t) => {
  const resolver = new OwnerResolver();
  const child = spawnNode(t, LISTENER);
  const listening = JSON.parse(await child.nextLine()) as Listening;
  const before = resolver.resolve([listening.inode]).ownerOf(listening.inode);
  assert.equal(before.kind === 'process' && before.pid, child.pid);

  child.process.kill('SIGKILL');
  await child.exited();
  await waitUntil(() => !isAlive(child.pid), 5000, 'the child to be reaped');
  const after = resolver.resolve([listening.inode]);
  assert.equal(after.ownerOf(listening.inode).kind, 'unknown');
  assert.equal(after.stats.ownersNotFound + after.stats.ownersNotPermitted, 1);
});

test('a socket nobody holds is retried with backoff, not searched every poll', () => {
  const resolver = new OwnerResolver({ retryBackoffMaxPolls: 4 });
  const orphan = 2 ** 32 - 7; // no socket has this inode (inodes above 2^31 must work too)
  const searched: number[] = [];
  for (let poll = 1; poll <= 16; poll++) {
    const { stats, ownerOf } = resolver.resolve([orphan]);
    if (stats.newInodes + stats.retriedInodes > 0) searched.push(poll);
    assert.equal(ownerOf(orphan).kind, 'unknown');
  }
  // Waits 1, 2, 4, then the cap of 4 polls between searches.
  assert.deepEqual(searched, [1, 2, 4, 8, 12, 16]);
});
