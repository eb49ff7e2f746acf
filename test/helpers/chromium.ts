import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, which `.ci/run` installs; SOCKSCOPE_CHROMIUM points elsewhere. */
export const CHROMIUM_PATH = process.env.SOCKSCOPE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags that let Chromium run here: no sandbox (root), no GPU, and none of
 * its background traffic, which this machine's closed network refuses by
 * the hundred (see TESTING.md).
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts headless Chromium with a fresh profile; a clear error when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: run "apt-get install -y chromium" (or set SOCKSCOPE_CHROMIUM)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}
