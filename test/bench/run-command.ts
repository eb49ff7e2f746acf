/**
 * Times one run of a command the way a caller pays for it: spawn, read the
 * whole of stdout through a pipe, wait for the exit.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** One timed run: wall time and the number of lines the command printed. */
export interface CommandRun {
  ms: number;
  lines: number;
}

/** Runs `command` with `args`; rejects on a non-zero exit, a signal, or after `timeoutMs`. */
export function timeCommand(command: string, args: string[], timeoutMs = 120_000): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${command} could not run: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - start;
      if (code === 0) resolve({ ms, lines });
      else
        reject(
          new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`),
        );
    });
  });
}
