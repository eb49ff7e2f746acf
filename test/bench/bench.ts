/**
 * `npm run bench`: Sockscope against `ss -tanpi`, `ss -tanp` and `netstat -tanp` on the same
 * loopback workload, measured alternately in one run. Markdown on stdout,
 * progress on stderr. A benchmark, not a test: it judges targets, and fails
 * only when it cannot measure.
 */
import { cpus } from 'node:os';
import { parseBenchArgs, USAGE, UsageError } from './bench-options.js';
import { measureScenario } from './measure-scenario.js';
import { renderScenario, renderVerdicts, verdicts, type Verdict } from './report.js';
import { loadSockscope, type SockscopeSide } from './sockscope-probe.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  let side: SockscopeSide | string;
  try {
    side = await loadSockscope();
    log(`sockscope collector: ${side.describe}`);
  } catch (error) {
    side = `could not load Sockscope's collector and monitor: ${error instanceof Error ? error.message : String(error)}`;
    log(side);
  }

  console.log(
    `## Sockscope benchmark\n\n${new Date().toISOString()}, Node ${process.version}, ${cpus().length} cores; ` +
      `${options.rounds} interleaved rounds per scenario, ${options.steadyPolls} steady polls per round; ` +
      'medians (the machine is noisy by 10-25%).\n',
  );
  const all: Verdict[] = [];
  for (const scenario of options.scenarios) {
    log(`scenario ${scenario.id}: ${scenario.title}`);
    const result = await measureScenario(scenario, options, side, log);
    console.log(renderScenario(result, options.churnPerSecond));
    all.push(...verdicts(result));
  }
  console.log(renderVerdicts(all));
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) log(error.message);
  else log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
