import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parsePasswd, UserNames } from '../../../electron/processes/user-names.js';

test('parsePasswd maps uids to names, first line wins, odd lines skipped', () => {
  const names = parsePasswd(
    [
      'root:x:0:0:root:/root:/bin/bash',
      '# a comment',
      '',
      'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
      'toor:x:0:0:second root:/root:/bin/sh',
      '+nisuser::1234:1234:::',
      'broken:x:notanumber:0::/:/bin/sh',
      'short:x:42',
      ':x:77:77::/:/bin/sh',
      'big:x:4294967294:4294967294::/:/bin/sh',
    ].join('\n'),
  );
  assert.deepEqual(
    [...names],
    [
      [0, 'root'],
      [65534, 'nobody'],
      [4294967294, 'big'],
    ],
  );
});

test('UserNames reads the real /etc/passwd and falls back to the uid', () => {
  const names = new UserNames();
  assert.equal(names.nameOf(0), 'root');
  assert.equal(names.nameOf(987654), '987654');
});

test('UserNames re-reads only when the mtime changed, checked at most every recheckMs', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sockscope-passwd-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'passwd');
  writeFileSync(path, 'alice:x:1000:1000::/home/alice:/bin/sh\n');
  utimesSync(path, 1_000, 1_000);
  let now = 0;
  const names = new UserNames({ path, recheckMs: 5000, now: () => now });
  assert.equal(names.nameOf(1000), 'alice');

  writeFileSync(path, 'bob:x:1000:1000::/home/bob:/bin/sh\n');
  utimesSync(path, 2_000, 2_000);
  now = 4999;
  assert.equal(names.nameOf(1000), 'alice', 'not checked again before recheckMs');
  now = 5000;
  assert.equal(names.nameOf(1000), 'bob', 'mtime changed: re-read');

  writeFileSync(path, 'carol:x:1000:1000::/home/carol:/bin/sh\n');
  utimesSync(path, 2_000, 2_000);
  now = 20_000;
  assert.equal(names.nameOf(1000), 'bob', 'same mtime: the cache stands');

  rmSync(path);
  now = 40_000;
  assert.equal(names.nameOf(1000), '1000', 'file gone: uids show as numbers');
});
