/**
 * Measures one scenario: starts its workload, then times the standard tools
 * and Sockscope alternately, round after round, on the same sockets.
 */
import type { BenchOptions, Scenario } from './bench-options.js';
import { timeCommand } from './run-command.js';
import { addPoll, emptyCoverage, type OwnerCoverage } from './owner-coverage.js';
import type { SockscopeSide, SteadyPoller } from './sockscope-probe.js';
import { startWorkload, type WorkloadStatus } from './workload.js';

/** The measurements, in the order the report lists them. */
export const MEASURES = [
  'ss -tan',
  'ss -tanp',
  'ss -tanpi',
  'netstat -tanp',
  'cold poll',
  'cold: owners',
  'steady poll',
  'steady: owners',
  'steady: sockets',
  'steady: diff',
  'steady poll, /proc collector',
] as const;
export type Measure = (typeof MEASURES)[number];

/** Heap used around `polls` steady-state polls, each reading after a full GC. */
export interface HeapReading {
  polls: number;
  beforeBytes: number;
  afterBytes: number;
}

/** Everything one scenario measured. */
export interface ScenarioResult {
  scenario: Scenario;
  samples: Map<Measure, number[]>;
  /** Rows `ss -tanp` printed (last round). */
  ssRows: number;
  /** Owners Sockscope found, over every cold and every steady poll (warm-up and heap polls included). */
  coverage: { cold: OwnerCoverage; steady: OwnerCoverage };
  /** Why the Sockscope side did not run or stopped. */
  sockscopeError?: string;
  heap?: HeapReading;
  workload: WorkloadStatus;
  timeWait: number;
}

type Step = 'ss -tan' | 'ss -tanp' | 'ss -tanpi' | 'netstat -tanp' | 'cold' | 'steady' | 'steady proc';
const STEPS: readonly Step[] = [
  'ss -tan',
  'ss -tanp',
  'ss -tanpi',
  'netstat -tanp',
  'cold',
  'steady',
  'steady proc',
];

/** Runs `scenario` under `options`; `side` is Sockscope, or the reason it could not load. */
export async function measureScenario(
  scenario: Scenario,
  options: BenchOptions,
  side: SockscopeSide | string,
  log: (line: string) => void,
): Promise<ScenarioResult> {
  const workload = await startWorkload({
    pairs: scenario.pairs,
    idleProcesses: scenario.idleProcesses,
    idleFds: scenario.idleFds,
    churnPerSecond: options.churnPerSecond,
    log,
  });
  const samples = new Map<Measure, number[]>(MEASURES.map((m) => [m, []]));
  const add = (measure: Measure, ms: number) => samples.get(measure)?.push(ms);
  const coverage = { cold: emptyCoverage(), steady: emptyCoverage() };
  const result: ScenarioResult = {
    scenario,
    samples,
    ssRows: 0,
    coverage,
    workload: workload.status(),
    timeWait: 0,
  };
  let steady: SteadyPoller | undefined;
  let steadyProc: SteadyPoller | undefined;
  let sockscope = typeof side === 'string' ? undefined : side;
  if (typeof side === 'string') result.sockscopeError = side;

  /** Runs a Sockscope step; a failure is recorded and ends the Sockscope side for this scenario. */
  const guarded = async (fn: (s: SockscopeSide) => Promise<void>) => {
    if (!sockscope) return;
    try {
      await fn(sockscope);
    } catch (error) {
      result.sockscopeError = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`sockscope failed, measuring the standard tools only: ${result.sockscopeError}`);
      sockscope = undefined;
    }
  };
  const step = async (name: Step, record: boolean) => {
    if (name === 'cold') {
      await guarded(async (s) => {
        const sample = await s.coldPoll();
        addPoll(coverage.cold, sample);
        if (!record) return;
        add('cold poll', sample.wallMs);
        add('cold: owners', sample.ownersMs);
      });
    } else if (name === 'steady') {
      await guarded(async (s) => {
        steady ??= await s.startSteady('default');
        for (let i = 0; i < (record ? options.steadyPolls : 2); i += 1) {
          const sample = await steady.poll();
          addPoll(coverage.steady, sample);
          if (!record) continue;
          add('steady poll', sample.wallMs);
          add('steady: owners', sample.ownersMs);
          add('steady: sockets', sample.socketsMs);
          add('steady: diff', sample.diffMs);
        }
      });
    } else if (name === 'steady proc') {
      await guarded(async (s) => {
        steadyProc ??= await s.startSteady('proc');
        for (let i = 0; i < (record ? options.steadyPolls : 2); i += 1) {
          const sample = await steadyProc.poll();
          if (record) add('steady poll, /proc collector', sample.wallMs);
        }
      });
    } else {
      const [command, ...args] = name.split(' ') as [string, ...string[]];
      const run = await timeCommand(command, args);
      if (name === 'ss -tanp') result.ssRows = run.lines - 1;
      if (record) add(name, run.ms);
    }
  };

  try {
    log(`scenario ${scenario.id}: warm-up round`);
    for (const name of STEPS) await step(name, false);
    for (let round = 0; round < options.rounds; round += 1) {
      // Rotate the order each round so no measurement always follows the same one.
      const order = STEPS.map((_, i) => STEPS[(i + round) % STEPS.length]!);
      for (const name of order) await step(name, true);
      const ss = samples.get('ss -tanpi') ?? [];
      const polls = samples.get('steady poll') ?? [];
      log(
        `scenario ${scenario.id}: round ${round + 1}/${options.rounds}: ss -tanpi ${ss.at(-1)?.toFixed(0)} ms, ` +
          `steady poll ${polls.at(-1)?.toFixed(1) ?? 'n/a'} ms`,
      );
    }
    await guarded(async () => {
      if (steady) result.heap = await heapGrowth(steady, options.heapPolls, coverage.steady);
    });
    result.workload = workload.status();
    result.timeWait = (await timeCommand('ss', ['-Htan', 'state', 'time-wait'])).lines;
    return result;
  } finally {
    steady?.close();
    steadyProc?.close();
    log(`scenario ${scenario.id}: stopping the workload`);
    await workload.stop();
  }
}

async function heapGrowth(
  poller: SteadyPoller,
  polls: number,
  coverage: OwnerCoverage,
): Promise<HeapReading | undefined> {
  const gc = globalThis.gc;
  if (typeof gc !== 'function') return undefined;
  const settle = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const beforeBytes = settle();
  for (let i = 0; i < polls; i += 1) addPoll(coverage, await poller.poll());
  const afterBytes = settle();
  return { polls, beforeBytes, afterBytes };
}
