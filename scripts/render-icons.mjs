#!/usr/bin/env node
// Renders assets/icon.svg to the PNG sizes electron-builder and the desktop
// entry use (assets/icons/NxN.png). Needs rsvg-convert (Debian: apt-get install
// librsvg2-bin). The PNGs are committed, so only a changed icon needs this.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const svg = join(root, 'assets', 'icon.svg');
const out = join(root, 'assets', 'icons');
const SIZES = [16, 32, 48, 64, 128, 256, 512];

mkdirSync(out, { recursive: true });
for (const size of SIZES) {
  const file = join(out, `${size}x${size}.png`);
  const result = spawnSync('rsvg-convert', ['-w', String(size), '-h', String(size), '-o', file, svg], {
    stdio: 'inherit',
  });
  if (result.error) {
    console.error(`rsvg-convert: ${result.error.message} (Debian: apt-get install librsvg2-bin)`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
  console.log(file);
}
