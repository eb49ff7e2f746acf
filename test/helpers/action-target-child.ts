import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

const SCRIPT = fileURLToPath(new URL('./action-target-child.mjs', import.meta.url));

/** One line the child reported (see action-target-child.mjs). */
export type TargetMessage = Record<string, unknown>;

/** A running action-target child: its sockets, what it reported, and how it ended. */
export interface ActionTarget {
  pid: number;
  /** The name it gave itself (its comm). */
  name: string;
  /** /proc/PID/stat's start time (clock ticks since boot): with pid, its identity. */
  startTime: number;
  listenPort: number;
  clientPort: number;
  /** The row keys of its connection: its client end, and the end its listener accepted. */
  clientKey: string;
  serverKey: string;
  /** Every line it reported, in order. */
  messages: TargetMessage[];
  /** Set once it exited. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Resolves when it exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits for a reported line that matches. */
  waitForMessage(
    what: string,
    match: (m: TargetMessage) => boolean,
    timeoutMs?: number,
  ): Promise<TargetMessage>;
  /** SIGKILLs it if it still runs and waits for the exit. */
  stop(): Promise<void>;
  process: ChildProcess;
}

/** Field 22 of /proc/PID/stat (the fields after the command name's closing parenthesis start at 3). */
export function procStartTime(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[22 - 3]);
}

/**
 * Starts a target named `name` (at most 15 characters: it becomes the comm)
 * and waits until it is connected; with `ignoreTerm` it outlives SIGTERM.
 */
export async function startActionTarget(
  name: string,
  options: { ignoreTerm?: boolean; timeoutMs?: number } = {},
): Promise<ActionTarget> {
  const { ignoreTerm = false, timeoutMs = 10_000 } = options;
  const args = [SCRIPT, name, ...(ignoreTerm ? ['ignore-term'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const messages: TargetMessage[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    messages.push(JSON.parse(line) as TargetMessage);
  });
  const target = {
    name,
    messages,
    exit: null,
    process: child,
  } as unknown as ActionTarget;
  target.exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      target.exit = { code, signal };
      resolve(target.exit);
    }),
  );
  target.waitForMessage = (what, match, ms = 8000) => waitFor(what, () => messages.find(match), ms);
  target.stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await target.exited;
  };
  const ready = await target.waitForMessage('the target to be connected', (m) => m.ready === true, timeoutMs);
  const listenPort = ready.listenPort as number;
  const clientPort = ready.clientPort as number;
  Object.assign(target, {
    pid: ready.pid as number,
    startTime: procStartTime(ready.pid as number),
    listenPort,
    clientPort,
    clientKey: `tcp4 127.0.0.1:${clientPort}>127.0.0.1:${listenPort}`,
    serverKey: `tcp4 127.0.0.1:${listenPort}>127.0.0.1:${clientPort}`,
  });
  return target;
}
