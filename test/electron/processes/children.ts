/**
 * Real child processes for the resolver tests: spawn, read their stdout line by
 * line with a deadline, and always stop them when the test ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { TestContext } from 'node:test';

/** A running child and the lines it printed. */
export interface Child {
  process: ChildProcess;
  pid: number;
  /** The next stdout line; rejects after `timeoutMs` or when the child exits first. */
  nextLine(timeoutMs?: number): Promise<string>;
  /** Resolves when the child has exited (at most `timeoutMs`). */
  exited(timeoutMs?: number): Promise<void>;
}

/** Node code printing {pid, port, inode} once it listens on 127.0.0.1, then staying alive. */
export const LISTENER = `
const net = require('node:net');
const fs = require('node:fs');
const server = net.createServer();
server.listen(0, '127.0.0.1', () => {
  const inode = Number(fs.readlinkSync('/proc/self/fd/' + server._handle.fd).slice(8, -1));
  console.log(JSON.stringify({ pid: process.pid, port: server.address().port, inode }));
});
setInterval(() => {}, 60000);
`;

/** Starts `node -e script`, stopped (SIGKILL) when the test ends. */
export function spawnNode(t: TestContext, script: string): Child {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  if (child.pid === undefined) throw new Error('spawn failed');
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  const wake = (): void => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    wake();
  });
  child.on('exit', wake);
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const until = async (ready: () => boolean, timeoutMs: number, what: string): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  return {
    process: child,
    pid: child.pid,
    async nextLine(timeoutMs = 10_000) {
      await until(() => lines.length > 0 || gone(), timeoutMs, `a line from pid ${child.pid}`);
      const line = lines.shift();
      if (line === undefined) throw new Error(`pid ${child.pid} exited`);
      return line;
    },
    exited: (timeoutMs = 10_000) => until(gone, timeoutMs, `pid ${child.pid} to exit`),
  };
}

/** Field 22 (start time) of /proc/PID/stat, read the plain way for cross-checking. */
export function startTimeOf(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[19]);
}

/** True while /proc/PID exists. */
export function isAlive(pid: number): boolean {
  try {
    readFileSync(`/proc/${pid}/stat`);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` (synchronous) until it returns true, at most `timeoutMs`. */
export async function waitUntil(
  check: () => boolean,
  timeoutMs = 10_000,
  what = 'a condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** True when process `pid` has a descriptor for socket `inode`, read the plain way for cross-checking. */
export function holdsSocket(pid: number, inode: number): boolean {
  const dir = `/proc/${pid}/fd`;
  return readdirSync(dir).some((fd) => {
    try {
      return readlinkSync(`${dir}/${fd}`) === `socket:[${inode}]`;
    } catch {
      return false;
    }
  });
}

/**
 * Node code holding listening sockets on 127.0.0.1 and /dev/null files, changed by
 * one JSON command per stdin line, applied in this order: {"close": [inode...]}
 * closes those sockets, {"closeFds": [fd...]} those files, {"openFiles": n} opens n
 * files, {"open": n} listens on n more sockets. It answers the start and each
 * command with {sockets: [{inode, fd}], files: [fd...]}.
 */
export const HOLDER = `
const net = require('node:net');
const fs = require('node:fs');
const servers = new Map();
const files = new Set();
const report = () => console.log(JSON.stringify({
  sockets: [...servers].map(([inode, server]) => ({ inode, fd: server._handle.fd })),
  files: [...files],
}));
async function listen(n) {
  for (let i = 0; i < n; i++) {
    const server = net.createServer();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const inode = Number(fs.readlinkSync('/proc/self/fd/' + server._handle.fd).slice(8, -1));
    servers.set(inode, server);
  }
}
let queue = Promise.resolve();
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  queue = queue.then(async () => {
    const command = JSON.parse(line);
    for (const inode of command.close ?? []) {
      const server = servers.get(inode);
      servers.delete(inode);
      await new Promise((resolve) => server.close(resolve));
    }
    for (const fd of command.closeFds ?? []) {
      fs.closeSync(fd);
      files.delete(fd);
    }
    for (let i = 0; i < (command.openFiles ?? 0); i++) files.add(fs.openSync('/dev/null', 'r'));
    await listen(command.open ?? 0);
    report();
  });
});
report();
`;

/** What a HOLDER child reports. */
export interface HolderState {
  sockets: { inode: number; fd: number }[];
  files: number[];
}

/** Sends one command to a HOLDER child and returns its report. */
export async function command(child: Child, change: Record<string, unknown>): Promise<HolderState> {
  child.process.stdin!.write(`${JSON.stringify(change)}\n`);
  return JSON.parse(await child.nextLine(30_000)) as HolderState;
}
