import assert from 'node:assert/strict';
import { readFileSync, realpathSync } from 'node:fs';
import { test } from 'node:test';
import { parseProcPidStat } from '../../../electron/processes/proc-pid-stat.js';
import {
  joinCmdline,
  parseBootTime,
  ProcessFacts,
  systemClockTicks,
} from '../../../electron/processes/process-facts.js';
import { spawnNode, startTimeOf } from './children.js';

// Renames itself (comm) on each stdin line, then says so.
const RENAMER = `
const fs = require('node:fs');
let n = 0;
const rename = () => { fs.writeFileSync('/proc/self/comm', n++ === 0 ? 'x) (y) z' : 'renamed'); console.log('named'); };
rename();
process.stdin.on('data', rename);
setInterval(() => {}, 60000);
`;

const statOf = (pid: number) => parseProcPidStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))!;

test('reads a live process and returns the same object while it keeps its identity', async (t) => {
  const child = spawnNode(t, RENAMER);
  assert.equal(await child.nextLine(), 'named');
  const facts = new ProcessFacts({ clockTicks: 100, bootTime: 1_700_000_000 });
  const owner = facts.get(child.pid);
  const startTime = startTimeOf(child.pid);
  assert.deepEqual(owner, {
    kind: 'process',
    pid: child.pid,
    name: 'x) (y) z',
    exe: realpathSync(process.execPath),
    cmdline: `${process.execPath} -e ${RENAMER}`,
    uid: process.getuid!(),
    user: process.getuid!() === 0 ? 'root' : owner?.user,
    startTime,
    startedAt: 1_700_000_000_000 + startTime * 10,
  });
  assert.equal(facts.get(child.pid), owner, 'same object on a second read');
  assert.equal(facts.get(child.pid, statOf(child.pid)), owner, 'same object given the stat');

  const reused = { ...statOf(child.pid), startTime: startTime + 1 };
  const other = facts.get(child.pid, reused);
  assert.notEqual(other, owner, 'another start time is another process');
  assert.equal(other?.startTime, startTime + 1);

  child.process.stdin!.write('again\n');
  assert.equal(await child.nextLine(), 'named');
  const renamed = facts.get(child.pid);
  assert.equal(renamed?.name, 'renamed', 'a new comm (exec) gets fresh facts');
  assert.equal(facts.get(child.pid), renamed);

  facts.forget(child.pid);
  assert.equal(facts.size, 0);
  const fresh = facts.get(child.pid);
  assert.notEqual(fresh, renamed);
  assert.deepEqual(fresh, renamed);
});

test('start times use the real boot time and clock ticks', () => {
  assert.equal(systemClockTicks(), 100);
  const own = new ProcessFacts().get(process.pid);
  assert.ok(own && Math.abs(own.startedAt - (Date.now() - process.uptime() * 1000)) < 3000);
});

test('kernel threads have no exe and an empty command line; gone pids have no facts', () => {
  const facts = new ProcessFacts();
  const kthreadd = facts.get(2);
  assert.equal(kthreadd?.name, 'kthreadd');
  assert.equal(kthreadd?.exe, null);
  assert.equal(kthreadd?.cmdline, '');
  assert.equal(facts.get(999_999_999), null);
});

test('joinCmdline joins NUL-separated arguments', () => {
  assert.equal(joinCmdline('/usr/sbin/sshd\0-D\0'), '/usr/sbin/sshd -D');
  assert.equal(joinCmdline('a\0\0b\0'), 'a  b', 'an empty argument stays visible');
  assert.equal(joinCmdline('nginx: worker process'), 'nginx: worker process', 'setproctitle text as is');
  assert.equal(joinCmdline(''), '');
});

test('parseBootTime reads btime from /proc/stat', () => {
  assert.equal(parseBootTime('cpu  1 2 3\nintr 5\nbtime 1763781234\nprocesses 9\n'), 1763781234);
  assert.equal(parseBootTime('cpu  1 2 3\n'), null);
  assert.ok((parseBootTime(readFileSync('/proc/stat', 'utf8')) ?? 0) > 1_500_000_000);
});
