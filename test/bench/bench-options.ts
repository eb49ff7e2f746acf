/** The benchmark's scenarios and command-line flags. */
import { parseArgs } from 'node:util';

/** A workload to measure under. */
export interface Scenario {
  id: string;
  title: string;
  pairs: number;
  idleProcesses: number;
  idleFds: number;
  /** Whether "owner lookup steady-state <= 1/10 of ss -tanp" is a target here. */
  ownerTarget: boolean;
}

/** The scenarios `--scenario` can name. */
export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'a',
    title: '1,000 pairs + 1,000 idle processes x 50 fds',
    pairs: 1000,
    idleProcesses: 1000,
    idleFds: 50,
    ownerTarget: true,
  },
  { id: 'b', title: '10,000 pairs', pairs: 10_000, idleProcesses: 0, idleFds: 0, ownerTarget: true },
  { id: 'c', title: '1,000 pairs alone', pairs: 1000, idleProcesses: 0, idleFds: 0, ownerTarget: false },
];

/** What one run of the benchmark does. */
export interface BenchOptions {
  scenarios: Scenario[];
  rounds: number;
  churnPerSecond: number;
  /** Steady-state polls per round, back to back. */
  steadyPolls: number;
  /** Steady-state polls between the two heap readings. */
  heapPolls: number;
}

export const USAGE = `usage: npm run bench -- [--scenario a|b|c]... [--rounds N] [--churn N] [--steady-polls N]
  --scenario     a: ${SCENARIOS[0]?.title}; b: ${SCENARIOS[1]?.title}; c: ${SCENARIOS[2]?.title}
                 (repeatable; default a and b)
  --rounds       interleaved rounds per scenario (default 15)
  --churn        pairs closed and reopened per second (default 20)
  --steady-polls steady-state polls per round (default 5)`;

/** A bad command line: the message says what, and ends with the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const FLAGS = {
  scenario: { type: 'string', multiple: true },
  rounds: { type: 'string' },
  churn: { type: 'string' },
  'steady-polls': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses `argv` (without node and the script); throws a UsageError on a bad flag. */
export function parseBenchArgs(argv: string[]): BenchOptions | 'help' {
  const values = parseFlags(argv);
  if (values.help) return 'help';
  const ids = (values.scenario ?? ['a', 'b']).flatMap((s) => s.split(','));
  const scenarios = SCENARIOS.filter((s) => ids.includes(s.id));
  const unknown = ids.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length > 0) throw new UsageError(`unknown scenario ${unknown.join(', ')}\n${USAGE}`);
  return {
    scenarios,
    rounds: count('rounds', values.rounds, 15, 1, 1000),
    churnPerSecond: count('churn', values.churn, 20, 0, 10_000),
    steadyPolls: count('steady-polls', values['steady-polls'], 5, 1, 1000),
    heapPolls: 100,
  };
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: FLAGS }).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

function count(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${text}\n${USAGE}`);
  }
  return value;
}
