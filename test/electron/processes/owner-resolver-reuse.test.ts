import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import type { Owner } from '../../../shared/endpoint.js';
import { OwnerResolver } from '../../../electron/processes/owner-resolver.js';
import { command, HOLDER, spawnNode, type Child, type HolderState } from './children.js';

// Without a rolling pass, stats.fdsRead counts the search's reads alone.
const NO_ROLLING_PASS = { fullPassPolls: Infinity };

const pidOf = (owner: Owner): number => (owner.kind === 'process' ? owner.pid : -1);
const inodesOf = (state: HolderState): number[] => state.sockets.map((s) => s.inode);

/** A HOLDER child listening on `sockets` sockets, and its first report. */
async function holder(t: Parameters<typeof spawnNode>[0], sockets: number): Promise<[Child, HolderState]> {
  const child = spawnNode(t, HOLDER);
  await child.nextLine();
  return [child, await command(child, { open: sockets })];
}

/** A resolver that has read every process once (a first poll) and knows `state`'s sockets. */
function warmResolver(state: HolderState): OwnerResolver {
  const resolver = new OwnerResolver(NO_ROLLING_PASS);
  resolver.resolve([1]); // an inode nobody holds: every process is read
  resolver.resolve(inodesOf(state));
  return resolver;
}

test('new sockets in the numbers of closed ones are found by reading only those numbers', async (t) => {
  const [child, before] = await holder(t, 1000);
  const resolver = warmResolver(before);

  const closing = before.sockets.filter((_, i) => i % 50 === 7);
  const after = await command(child, { close: closing.map((s) => s.inode), open: closing.length });
  const known = new Set(inodesOf(before));
  const opened = after.sockets.filter((s) => !known.has(s.inode));
  assert.deepEqual(
    opened.map((s) => s.fd).sort((a, b) => a - b),
    closing.map((s) => s.fd).sort((a, b) => a - b),
    'Linux hands out the lowest free numbers',
  );

  const { ownerOf, stats } = resolver.resolve(inodesOf(after));
  for (const inode of inodesOf(after)) assert.equal(pidOf(ownerOf(inode)), child.pid, `socket ${inode}`);
  assert.equal(stats.newInodes, closing.length);
  assert.ok(stats.processesProbed >= 1);
  // Reading the child whole would cost over 1,000 links.
  assert.ok(stats.fdsRead <= 2 * closing.length, `${stats.fdsRead} descriptors read`);
});

test('new sockets above the highest number are found by reading only those numbers', async (t) => {
  const [child, before] = await holder(t, 500);
  const resolver = warmResolver(before);
  const after = await command(child, { open: 5 });
  const { ownerOf, stats } = resolver.resolve(inodesOf(after));
  for (const inode of inodesOf(after)) assert.equal(pidOf(ownerOf(inode)), child.pid);
  assert.equal(stats.newInodes, 5);
  assert.ok(stats.fdsRead <= 20, `${stats.fdsRead} descriptors read`);
});

/** Closes the middle one of 3 files and opens a socket, which takes its number: the fd count does not change. */
async function socketInFileNumber(t: Parameters<typeof spawnNode>[0], sockets: number, files: number) {
  const [child, start] = await holder(t, sockets);
  const withFiles = await command(child, { openFiles: files });
  const resolver = warmResolver(withFiles);
  const middle = withFiles.files[files >> 1] as number;
  const after = await command(child, { closeFds: [middle], open: 1 });
  const opened = after.sockets.find((s) => !inodesOf(start).includes(s.inode));
  assert.equal(opened?.fd, middle, 'the socket took the file’s number');
  const { ownerOf, stats } = resolver.resolve(inodesOf(after));
  assert.equal(pidOf(ownerOf(opened.inode)), child.pid);
  return stats;
}

test('a socket in the number of a closed file is found among the file numbers of a socket-heavy process', async (t) => {
  const stats = await socketInFileNumber(t, 300, 3);
  assert.equal(stats.processesScanned, 0, 'not read whole');
  assert.ok(stats.fdsRead < 100, `${stats.fdsRead} descriptors read`);
});

test('a socket in the number of a closed file of a file-heavy process is found by reading it whole', async (t) => {
  const stats = await socketInFileNumber(t, 3, 60);
  assert.ok(stats.processesScanned >= 1);
});

test('two processes closing and opening sockets and files for many polls keep exact owners', async (t) => {
  const children = [await holder(t, 300), await holder(t, 300)];
  const resolver = warmResolver({ sockets: children.flatMap(([, s]) => s.sockets), files: [] });
  let random = 12345;
  const pick = (n: number): number => {
    random = (random * 1103515245 + 12345) % 2 ** 31;
    return random % n;
  };
  let totalRead = 0;
  for (let round = 0; round < 12; round++) {
    const states: HolderState[] = [];
    for (const [child, state] of children) {
      const close = state.sockets.filter(() => pick(10) === 0).map((s) => s.inode);
      const closeFds = state.files.filter(() => pick(2) === 0);
      const next = await command(child, {
        close,
        closeFds,
        openFiles: pick(3),
        open: pick(close.length + 3),
      });
      states.push(next);
    }
    children.forEach((entry, i) => (entry[1] = states[i] as HolderState));
    const { ownerOf, stats } = resolver.resolve(states.flatMap(inodesOf));
    children.forEach(([child, state]) => {
      for (const inode of inodesOf(state)) {
        assert.equal(pidOf(ownerOf(inode)), child.pid, `round ${round}: socket ${inode} of ${child.pid}`);
      }
    });
    totalRead += stats.fdsRead;
  }
  // Reading both children whole each round would cost over 7,000 links.
  assert.ok(totalRead < 1500, `${totalRead} descriptors read in 12 rounds`);
});

test('an inode nobody holds, retried alongside a new socket, does not make the poll read every process', async (t) => {
  const [child, before] = await holder(t, 50);
  const resolver = new OwnerResolver({ ...NO_ROLLING_PASS, retryBackoffMaxPolls: 1 });
  const orphan = 2 ** 32 - 7;
  resolver.resolve([orphan]); // searched everywhere once
  resolver.resolve([orphan, ...inodesOf(before)]);
  const pidsBefore = new Set(listPids());
  const after = await command(child, { open: 1 });

  const { ownerOf, stats } = resolver.resolve([orphan, ...inodesOf(after)]);
  // Processes other test files started meanwhile are new, and new processes are searched first.
  const startedMeanwhile = listPids().filter((pid) => !pidsBefore.has(pid)).length;
  for (const inode of inodesOf(after)) assert.equal(pidOf(ownerOf(inode)), child.pid);
  assert.equal(ownerOf(orphan).kind, 'unknown');
  assert.equal(stats.newInodes, 1);
  assert.equal(stats.retriedInodes, 1);
  assert.ok(
    stats.processesScanned <= startedMeanwhile,
    `the retry alone reads no process whole: ${stats.processesScanned} read, ${startedMeanwhile} started meanwhile`,
  );
});

function listPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}
