/** Markdown for the benchmark: one table per scenario, then the verdict on each target. */
import { MEASURES, type Measure, type ScenarioResult } from './measure-scenario.js';
import { describeCoverage, type OwnerCoverage } from './owner-coverage.js';
import { formatMs, formatRatio, median } from './stats.js';

const LABELS: Record<Measure, string> = {
  'ss -tan': '`ss -tan` (no owners; reference)',
  'ss -tanp': '`ss -tanp`',
  'ss -tanpi': '`ss -tanpi` (owners and tcp_info: what Sockscope shows)',
  'netstat -tanp': '`netstat -tanp`',
  'cold poll': 'Sockscope cold poll (new collector, first snapshot)',
  'cold: owners': '- cold: owner lookup (`ownersMs`)',
  'steady poll': 'Sockscope steady poll, full (`pollOnce`: sockets, counters, owners, diff)',
  'steady: owners': '- steady: owner lookup (`ownersMs`)',
  'steady: sockets': '- steady: socket read (`socketsMs`)',
  'steady: diff': '- steady: table + rates + diff (`diffMs`)',
  'steady poll, /proc collector': 'Sockscope steady poll on the /proc collector (no counters)',
};

/** One target's outcome in one scenario. */
export interface Verdict {
  scenario: string;
  target: string;
  outcome: 'PASS' | 'FAIL' | 'NOT RUN';
  detail: string;
}

/** The markdown section for one scenario. */
export function renderScenario(result: ScenarioResult, churnPerSecond: number): string {
  const { scenario, samples } = result;
  const reference = median(samples.get('ss -tanp') ?? []);
  const withInfo = median(samples.get('ss -tanpi') ?? []);
  const lines = [
    `### Scenario ${scenario.id}: ${scenario.title}`,
    '',
    `Churn ${churnPerSecond}/s; \`ss -tanp\` printed ${result.ssRows} rows; ` +
      `${result.timeWait} TIME_WAIT rows at the end; workload: ${result.workload.established} pairs up, ` +
      `${result.workload.churned} churned, ${result.workload.failures} failed connects` +
      (result.workload.lostChildren > 0 ? `, ${result.workload.lostChildren} CHILDREN LOST` : '') +
      '.',
  ];
  const { cold, steady } = result.coverage;
  if (cold.polls + steady.polls > 0) {
    lines.push(
      `Sockscope saw ${steady.rows || cold.rows} rows (TCP and UDP). Owners, ` +
        `${describeCoverage('cold polls', cold)}; ${describeCoverage('steady polls', steady)} ` +
        '(sockets not yet accepted, inode 0, have no owner and are not counted; a socket the churn ' +
        'closes between the socket read and the owner lookup is a legitimate miss).',
    );
  }
  if (result.sockscopeError) lines.push(`Sockscope side not measured: ${firstLine(result.sockscopeError)}`);
  lines.push(
    '',
    '| measurement | median ms | ratio to `ss -tanpi` | ratio to `ss -tanp` | min-max ms | n |',
    '|---|---:|---:|---:|---:|---:|',
  );
  for (const measure of MEASURES) {
    const values = (samples.get(measure) ?? []).filter(Number.isFinite);
    const m = median(values);
    const range =
      values.length > 0 ? `${formatMs(Math.min(...values))}-${formatMs(Math.max(...values))}` : 'n/a';
    lines.push(
      `| ${LABELS[measure]} | ${formatMs(m)} | ${formatRatio(m, withInfo)} | ${formatRatio(m, reference)} | ${range} | ${values.length} |`,
    );
  }
  lines.push('', heapLine(result), '');
  return lines.join('\n');
}

/** The targets each scenario is judged on. */
export function verdicts(result: ScenarioResult): Verdict[] {
  const { scenario, samples } = result;
  const ss = median(samples.get('ss -tanp') ?? []);
  const ssInfo = median(samples.get('ss -tanpi') ?? []);
  const out: Verdict[] = [];
  const judge = (target: string, measure: Measure, limit: number, limitText: string, c: OwnerCoverage) => {
    const value = median(samples.get(measure) ?? []);
    const note = c.pollsMissing > 0 ? `; ${c.pollsMissing} of ${c.polls} polls missed owners` : '';
    out.push({
      scenario: scenario.id,
      target,
      outcome: !Number.isFinite(value) ? 'NOT RUN' : value <= limit ? 'PASS' : 'FAIL',
      detail: `${formatMs(value)} ms vs ${limitText} = ${formatMs(limit)} ms${note}`,
    });
  };
  if (scenario.ownerTarget) {
    judge(
      'steady-state poll (counters, owners, diff) <= 1/10 of `ss -tanpi`',
      'steady poll',
      ssInfo / 10,
      '`ss -tanpi` / 10',
      result.coverage.steady,
    );
    judge(
      'owner lookup steady-state <= 1/10 of `ss -tanp`',
      'steady: owners',
      ss / 10,
      '`ss -tanp` / 10',
      result.coverage.steady,
    );
  }
  judge('cold poll <= `ss -tanp`', 'cold poll', ss, '`ss -tanp`', result.coverage.cold);
  return out;
}

/** The closing verdict table. */
export function renderVerdicts(all: Verdict[]): string {
  const lines = ['### Verdict', '', '| scenario | target | result | median vs limit |', '|---|---|---|---|'];
  for (const v of all) lines.push(`| ${v.scenario} | ${v.target} | ${v.outcome} | ${v.detail} |`);
  return `${lines.join('\n')}\n`;
}

function heapLine(result: ScenarioResult): string {
  const heap = result.heap;
  if (!heap) {
    return typeof globalThis.gc === 'function' || result.sockscopeError
      ? 'Heap growth: not measured.'
      : 'Heap growth: not measured (run with --expose-gc).';
  }
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
  const growth = heap.afterBytes - heap.beforeBytes;
  return (
    `Heap growth over ${heap.polls} steady-state polls (after full GC): ` +
    `${growth >= 0 ? '+' : ''}${mb(growth)} MB (${mb(heap.beforeBytes)} -> ${mb(heap.afterBytes)} MB).`
  );
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
