import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isKernelThread, parseProcPidStat } from '../../../electron/processes/proc-pid-stat.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/proc-stat/${name}`, import.meta.url), 'utf8');

test('parses a user process (recorded from node)', () => {
  const stat = parseProcPidStat(fixture('node.stat'));
  assert.deepEqual(stat, { comm: 'node', state: 'R', ppid: 11331, flags: 4194304, startTime: 56797 });
  assert.equal(isKernelThread(stat!), false);
});

test("splits at the last ')': a comm holding ') (' stays whole", () => {
  const stat = parseProcPidStat(fixture('tricky-comm.stat'));
  assert.deepEqual(stat, { comm: 'x) (y) z', state: 'R', ppid: 11331, flags: 4194304, startTime: 56789 });
});

test('flags kernel threads by PF_KTHREAD', () => {
  const kthreadd = parseProcPidStat(fixture('kthreadd.stat'));
  assert.deepEqual(kthreadd, { comm: 'kthreadd', state: 'S', ppid: 0, flags: 2129984, startTime: 23 });
  assert.equal(isKernelThread(kthreadd!), true);
  const worker = parseProcPidStat(fixture('kworker.stat'));
  assert.equal(worker?.comm, 'kworker/0:0H-kblockd');
  assert.equal(worker?.state, 'I');
  assert.equal(isKernelThread(worker!), true);
});

test('parses a zombie', () => {
  const stat = parseProcPidStat(fixture('zombie.stat'));
  assert.equal(stat?.state, 'Z');
  assert.equal(stat?.comm, 'python3');
  assert.equal(isKernelThread(stat!), false);
});

test('parses our own live stat, with flags above 2^31 kept unsigned', () => {
  const own = parseProcPidStat(readFileSync('/proc/self/stat', 'utf8'));
  assert.equal(own?.ppid, process.ppid);
  const high = fixture('node.stat').replace(' 4194304 ', ` ${0x80200000} `);
  const stat = parseProcPidStat(high);
  assert.equal(stat?.flags, 0x80200000);
  assert.equal(isKernelThread(stat!), true);
});

test('returns null for malformed text', () => {
  const good = fixture('node.stat');
  for (const bad of [
    '',
    'garbage',
    good.slice(0, 60), // truncated before field 22
    good.replace('(node)', 'node'), // no parentheses
    good.replace('11342 (', 'x11342 ('), // pid not a number
    good.replace(') R ', ')R '), // no space after the comm
    good.replace(') R ', ') RR '), // state longer than one letter
    good.replace(' 56797 ', ' 56x97 '), // start time not a number
    good.replace(' 11331 ', ' -1 '), // negative ppid
  ]) {
    assert.equal(parseProcPidStat(bad), null, JSON.stringify(bad.slice(0, 80)));
  }
});
