import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { LiveSockets, portOf } from '../helpers/live-sockets.js';

// The CLI as a user runs it: a real process, real sockets, real output.
// `run` forces the /proc collector, whose output these tests pin down;
// `runWith` picks another.

const CLI = fileURLToPath(new URL('../../electron/cli.ts', import.meta.url));
const sockets = new LiveSockets();
after(() => sockets.close());

function run(...args: string[]) {
  return runWith('proc', ...args);
}

function runWith(collector: 'proc' | 'netlink', ...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, SOCKSCOPE_COLLECTOR: collector },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const selfName = readFileSync('/proc/self/comm', 'utf8').trim();

test('snapshot prints a netstat table with our listener and its owner', async () => {
  const port = portOf(await sockets.listen('127.0.0.1'));
  const { status, stdout } = run('snapshot', '-tln');
  assert.equal(status, 0);
  const lines = stdout.trimEnd().split('\n');
  assert.match(
    lines[0]!,
    /^Proto\s+Recv-Q\s+Send-Q\s+Local Address\s+Foreign Address\s+State\s+PID\/Program name$/,
  );
  const mine = lines.find((l) => l.includes(`127.0.0.1:${port} `));
  assert.ok(mine, `a line for 127.0.0.1:${port}`);
  assert.match(
    mine,
    new RegExp(
      `^tcp\\s+0\\s+0\\s+127\\.0\\.0\\.1:${port}\\s+0\\.0\\.0\\.0:\\*\\s+LISTEN\\s+${process.pid}/${selfName}$`,
    ),
  );
  assert.ok(
    lines.slice(1).every((l) => /^tcp6?\s/.test(l) && /\sLISTEN\s/.test(l)),
    '-tl: listening TCP only',
  );
});

test('snapshot filters by family and protocol', async () => {
  await sockets.udp('udp6', '::1');
  const { status, stdout } = run('snapshot', '-u6');
  assert.equal(status, 0);
  const rows = stdout.trimEnd().split('\n').slice(1);
  assert.ok(rows.length >= 1);
  assert.ok(rows.every((l) => l.startsWith('udp6 ')));
});

test('snapshot --json carries rows, collector, counts and what was not seen', async () => {
  const port = portOf(await sockets.listen('::1'));
  const { status, stdout } = run('snapshot', '--json');
  assert.equal(status, 0);
  const doc = JSON.parse(stdout);
  assert.equal(doc.collector.name, 'linux-proc');
  assert.match(doc.collector.reason, /proc/);
  assert.equal(doc.collector.capabilities.counters, false);
  assert.equal(typeof doc.unseen.skippedRows, 'number');
  assert.equal(doc.counts.total, doc.rows.length);
  const row = doc.rows.find(
    (r: { localPort: number; family: number }) => r.localPort === port && r.family === 6,
  );
  assert.ok(row);
  assert.equal(row.localAddress, '::1');
  assert.equal(row.state, 'LISTEN');
  assert.equal(row.owner.pid, process.pid);
  assert.equal(typeof row.key, 'string');
  assert.equal(typeof row.firstSeen, 'number');
});

test('snapshot without byte counters (the /proc collector) has no Sent/Recv columns and says why once on stderr', () => {
  const { status, stdout, stderr } = run('snapshot', '-t');
  assert.equal(status, 0);
  assert.match(stdout.split('\n')[0]!, /^Proto\s+Recv-Q\s+Send-Q\s+Local Address\s/);
  const notes = stderr.split('\n').filter((line) => line.includes('Sent/Recv'));
  assert.deepEqual(notes, [
    '(no Sent/Recv columns; no byte, segment or rtt counters: /proc/net/tcp does not carry them; ' +
      'collector linux-proc: forced by SOCKSCOPE_COLLECTOR=proc)',
  ]);
});

test('snapshot with byte counters (the netlink collector) prints Sent and Recv after Send-Q', async () => {
  const server = await sockets.listen('127.0.0.1');
  const received = new Promise<void>((resolve) => {
    let bytes = 0;
    server.on('connection', (socket) =>
      socket.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes >= 3000) resolve();
      }),
    );
  });
  const client = await sockets.connect('127.0.0.1', portOf(server));
  client.write(Buffer.alloc(3000, 0x61));
  await received;
  const { status, stdout, stderr } = runWith('netlink', 'snapshot', '-t');
  assert.equal(status, 0, stderr);
  const lines = stdout.split('\n');
  assert.match(lines[0]!, /^Proto\s+Recv-Q\s+Send-Q\s+Sent\s+Recv\s+Local Address\s/);
  const connection = (from: number, to: number): string =>
    lines.find((l) =>
      new RegExp(`\\s127\\.0\\.0\\.1:${from}\\s+127\\.0\\.0\\.1:${to}\\s+ESTABLISHED\\s`).test(l),
    ) ?? `no line for ${from} -> ${to}`;
  // 3000 bytes are 2.9K: sent by the client, received by the server's end.
  assert.match(connection(client.localPort!, portOf(server)), /^tcp\s+0\s+0\s+2\.9K\s+0\s/);
  assert.match(connection(portOf(server), client.localPort!), /^tcp\s+0\s+0\s+0\s+2\.9K\s/);
  assert.doesNotMatch(stderr, /Sent\/Recv/);
});

test('watch --json streams a snapshot, then deltas chained by seq, and stops after --count', () => {
  const { status, stdout } = run('watch', '--json', '--interval', '100', '--count', '3');
  assert.equal(status, 0);
  const lines = stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  assert.equal(lines[0].type, 'snapshot');
  assert.equal(lines[0].seq, 1);
  assert.equal(lines[0].collector.name, 'linux-proc');
  assert.ok(Array.isArray(lines[0].rows) && lines[0].rows.length > 0);
  for (const [i, line] of lines.slice(1).entries()) {
    assert.equal(line.type, 'delta');
    assert.equal(line.seq, i + 2);
    assert.equal(line.baseSeq, i + 1);
    assert.ok(Array.isArray(line.added) && Array.isArray(line.updated) && Array.isArray(line.removed));
    assert.equal(typeof line.cost.ownersMs, 'number');
  }
});

test('watch without --json prints one summary line per poll', () => {
  const { status, stdout } = run('watch', '--interval', '100', '--count', '2');
  assert.equal(status, 0);
  const lines = stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[1]!, /#2 \d+ endpoints \(\+\d+ ~\d+ -\d+\) est \d+ listen \d+ .*poll [\d.]+ ms/);
});

test('bad input gets a clear usage message and a non-zero exit', () => {
  for (const args of [
    ['snapshot', '--bogus'],
    ['snapshot', 'extra'],
    ['watch', '--interval', 'abc'],
    ['watch', '--interval', '10'],
    ['watch', '--count', '0'],
    ['frobnicate'],
    [],
  ]) {
    const { status, stderr, stdout } = run(...args);
    assert.equal(status, 2, `exit status for ${args.join(' ')}`);
    assert.match(stderr, /^sockscope: .+\n\nUsage: sockscope/, `message for ${args.join(' ')}`);
    assert.equal(stdout, '');
  }
  const help = run('help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: sockscope/);
});

test('SOCKSCOPE_COLLECTOR with an unknown value is refused with a clear error', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'snapshot'], {
    encoding: 'utf8',
    env: { ...process.env, SOCKSCOPE_COLLECTOR: 'carrier-pigeon' },
  });
  assert.equal(result.status, 1);
  assert.match(
    result.stderr,
    /SOCKSCOPE_COLLECTOR=carrier-pigeon is not a collector here; use one of: (\w+, )*proc\b/,
  );
});

test('run unprivileged, a root-owned socket shows no owner and the note says why', async () => {
  const port = portOf(await sockets.listen('127.0.0.1'));
  const result = spawnSync(
    'setpriv',
    [
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      process.execPath,
      '--import',
      'tsx',
      CLI,
      'snapshot',
      '-tl',
    ],
    { encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(result.status, 0, result.stderr);
  const line = result.stdout.split('\n').find((l) => l.includes(`127.0.0.1:${port} `));
  assert.ok(line, `a line for 127.0.0.1:${port}`);
  assert.match(line, /\sLISTEN\s+-$/);
  assert.match(
    result.stderr,
    /owners of \d+ sockets? unknown: \d+ process(es)? could not be inspected; run as root/,
  );
});
