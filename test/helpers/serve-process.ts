import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'electron', 'cli.js');
const RENDERER_INDEX = join(ROOT, 'dist', 'renderer', 'index.html');

/** A running `sockscope serve`, started from the build the app ships. */
export interface ServeProcess {
  /** The URL it printed, token included. */
  url: URL;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  token: string;
  process: ChildProcess;
  /** Lines it wrote to stderr so far. */
  stderr: string[];
  /** Sends SIGINT and waits for the exit; returns the exit code. */
  stop(): Promise<number | null>;
}

/** Files that `npm run build` compiles or copies into dist/. */
const SOURCE = /\.(ts|tsx|css|html)$/;

/** The newest modification time of a source file below `dir` (native build output is not a source). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'build' && entry.name !== 'node_modules')
        newest = Math.max(newest, newestMtime(path));
    } else if (SOURCE.test(entry.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/**
 * Checks that dist/ holds a build of the current sources: the browser tests
 * test what `npm run build` made, and a stale build would test old code.
 */
export function assertFreshBuild(): void {
  if (!existsSync(CLI) || !existsSync(RENDERER_INDEX)) {
    throw new Error('the app is not built: run "npm run build" (npm ci runs it) before the browser tests');
  }
  const built = Math.min(statSync(CLI).mtimeMs, statSync(RENDERER_INDEX).mtimeMs);
  const sources = Math.max(...['electron', 'shared', 'renderer'].map((dir) => newestMtime(join(ROOT, dir))));
  if (sources > built + 1000) {
    throw new Error('dist/ is older than the sources: run "npm run build" before the browser tests');
  }
}

/** Starts `sockscope serve --port 0` plus `args` and waits for the URL on its first stdout line. */
export async function startServe(args: string[] = [], timeoutMs = 20_000): Promise<ServeProcess> {
  assertFreshBuild();
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve printed no URL in ${timeoutMs} ms: ${stderr.join('\n')}`)),
      timeoutMs,
    );
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its URL: ${stderr.join('\n')}`));
    });
  });
  const url = new URL(first.trim());
  const token = url.searchParams.get('token');
  if (!token) throw new Error(`serve's first line has no token: ${first}`);
  return {
    url,
    origin: url.origin,
    token,
    process: child,
    stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
