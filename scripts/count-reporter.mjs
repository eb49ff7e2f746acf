// A node:test reporter that prints one countable closing line:
// `N passed, N failed` (skipped and todo tests are counted apart).
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    // Count leaf tests only: a suite's own pass/fail event has children.
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.skip || event.data.todo) skipped++;
    else if (event.type === 'test:pass') passed++;
    else failed++;
  }
  const extra = skipped > 0 ? ` (${skipped} skipped)` : '';
  yield `\n${passed} passed, ${failed} failed${extra}\n`;
}
