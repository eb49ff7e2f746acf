#!/usr/bin/env node
// Runs every test/**/*.test.ts file (or the files and folders given as arguments)
// under node's own test runner, with tsx for TypeScript. Node 20's `--test` does
// not expand globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every *.test.ts below `dir`, sorted, skipping bench/ (benchmarks are not tests). */
function findTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'fixtures' && entry.name !== 'bench') out.push(...findTests(path));
    } else if (entry.name.endsWith('.test.ts')) {
      out.push(path);
    }
  }
  return out.sort();
}

const targets = process.argv.slice(2);
const files = (targets.length > 0 ? targets : ['test']).flatMap((t) =>
  statSync(t).isDirectory() ? findTests(t) : [t],
);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts', 'count-reporter.mjs')}`,
    '--test-reporter-destination=stdout',
    ...files.map((f) => relative(process.cwd(), f)),
  ],
  { stdio: 'inherit', cwd: process.cwd() },
);
process.exit(result.status ?? 1);
