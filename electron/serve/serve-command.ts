import { parseArgs } from 'node:util';
import { UsageError } from '../cli/usage.js';
import { isLoopbackHost } from './accepted-hosts.js';
import { DEFAULT_SERVE_PORT, startServer } from './serve-server.js';

export interface ServeCommandOptions {
  host: string;
  port: number;
  allowKill: boolean;
}

/** Parses the flags of `sockscope serve`. */
export function parseServeArgs(args: string[]): ServeCommandOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'allow-kill': { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError(`serve: ${(error as Error).message}`);
  }
  // [::1] as written in URLs is accepted too.
  const host = (values.host ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
  if (host.trim() === '' || /[\s/?#@]/.test(host)) {
    throw new UsageError(`serve: --host takes an address or a host name, got "${host}"`);
  }
  let port = DEFAULT_SERVE_PORT;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) {
      throw new UsageError(`serve: --port takes a port number from 0 to 65535, got "${values.port}"`);
    }
  }
  return { host, port, allowKill: values['allow-kill'] ?? false };
}

/**
 * `sockscope serve`: starts the server, prints the URL to open (with its
 * token) as the first line of stdout, then a human line on stderr, and runs
 * until SIGINT or SIGTERM, which close every view, the monitor and the
 * collector. A second signal during that ends the process at once.
 */
export async function runServe(
  args: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<void> {
  const options = parseServeArgs(args);
  if (!isLoopbackHost(options.host)) {
    err.write(
      `sockscope: warning: --host ${options.host} is not loopback: anyone who can reach this machine can reach ` +
        'the server, over plain HTTP (the token is still required). An SSH tunnel to 127.0.0.1 is safer.\n',
    );
  }
  const server = await startServer(options);
  out.write(`${server.url}\n`);
  const origin = new URL(server.url).origin;
  err.write(
    `sockscope: serving on ${origin} — collector ${server.collector.name} (${server.collector.reason})` +
      `${server.allowKill ? '; actions allowed (kill a process, close a connection)' : ''}; Ctrl+C stops\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
