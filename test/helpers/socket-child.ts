import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import readline from 'node:readline';

const SCRIPT = fileURLToPath(new URL('./socket-child.mjs', import.meta.url));

/** A child process holding loopback sockets on command (see socket-child.mjs). */
export interface SocketChild {
  pid: number;
  /** The name the child gave itself (its comm). */
  name: string;
  send(cmd: string, args?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Kills the child and waits for it to exit. */
  stop(): Promise<void>;
  process: ChildProcess;
}

/** Starts a socket child named `name` (at most 15 characters: it becomes the comm). */
export async function startSocketChild(name = 'sockscope-kid', timeoutMs = 10_000): Promise<SocketChild> {
  const child = spawn(process.execPath, [SCRIPT, name], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! });
  const waiting = new Map<number, (reply: Record<string, unknown>) => void>();
  let seq = 0;
  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket child did not start')), timeoutMs);
    child.once('error', reject);
    lines.on('line', (line) => {
      const message = JSON.parse(line) as Record<string, unknown>;
      if (message.ready) {
        clearTimeout(timer);
        resolve(message.pid as number);
        return;
      }
      waiting.get(message.seq as number)?.(message);
    });
  });
  const pid = await ready;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid,
    name,
    process: child,
    send(cmd, args = {}) {
      const id = ++seq;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`socket child: ${cmd} timed out`)), timeoutMs);
        waiting.set(id, (reply) => {
          clearTimeout(timer);
          waiting.delete(id);
          if (reply.ok) resolve(reply);
          else reject(new Error(`socket child: ${cmd}: ${String(reply.error)}`));
        });
        child.stdin!.write(JSON.stringify({ seq: id, cmd, ...args }) + '\n');
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
