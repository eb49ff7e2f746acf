#!/usr/bin/env node
import { runSnapshot } from './cli/snapshot-command.js';
import { runWatch } from './cli/watch-command.js';
import { USAGE, UsageError } from './cli/usage.js';
import { CollectorUnavailableError } from './collectors/select-collector.js';
import { runServe } from './serve/serve-command.js';
import { ServeError } from './serve/serve-error.js';

/** `sockscope <command>`: dispatches, and turns every failure into a message and an exit code. */
async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'snapshot':
        await runSnapshot(args, process.stdout);
        return 0;
      case 'watch':
        await runWatch(args, process.stdout);
        return 0;
      case 'serve':
        await runServe(args, process.stdout, process.stderr);
        return 0;
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return 0;
      case undefined:
        throw new UsageError('a command is required');
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`sockscope: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof CollectorUnavailableError || error instanceof ServeError) {
      process.stderr.write(`sockscope: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(
      `sockscope: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

// A closed pipe (`sockscope watch | head`) ends the program quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
