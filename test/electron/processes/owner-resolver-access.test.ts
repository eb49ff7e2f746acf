import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { LISTENER, spawnNode } from './children.js';

const run = promisify(execFile);

const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));
const canDrop = process.getuid?.() === 0 && setpriv !== undefined;

test(
  'an unprivileged resolver reports a root socket as not permitted',
  { skip: canDrop ? false : 'needs root and setpriv' },
  async (t) => {
    const child = spawnNode(t, LISTENER);
    const { inode } = JSON.parse(await child.nextLine()) as { inode: number };
    const script = fileURLToPath(new URL('./resolve-inodes-cli.ts', import.meta.url));
    const repo = fileURLToPath(new URL('../../../', import.meta.url));
    const { stdout } = await run(
      setpriv!,
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        '--import',
        'tsx',
        script,
        String(inode),
      ],
      { cwd: repo, timeout: 30_000 },
    );
    const result = JSON.parse(stdout) as {
      uid: number;
      owners: Record<string, unknown>;
      stats: { processesNotPermitted: number; ownersNotPermitted: number };
    };
    assert.equal(result.uid, 65534);
    assert.deepEqual(result.owners[inode], { kind: 'unknown', reason: 'not-permitted' });
    assert.ok(result.stats.processesNotPermitted > 0);
    assert.equal(result.stats.ownersNotPermitted, 1);
  },
);
