#!/usr/bin/env node
// `npm start`: launches the desktop app (Electron) on the built project. As
// root it refuses first, with the app's own explanation: Chromium aborts a
// root launch before the app's code runs (unless given --no-sandbox, which the
// app will not add), so only a check out here can say why and what to do.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const rootCheck = new URL('../dist/electron/desktop/root-check.js', import.meta.url);
if (!existsSync(rootCheck)) {
  console.error('sockscope: the app is not built (no dist/electron/); run npm start, which builds it first');
  process.exit(1);
}
const { rootRefusal } = await import(rootCheck.href);
const refusal = rootRefusal({
  uid: process.getuid?.(),
  platform: process.platform,
  sudoUser: process.env.SUDO_USER,
});
if (refusal !== null) {
  console.error(`${refusal.title}\n\n${refusal.message}`);
  process.exit(1);
}

// electron/cli.js fetches Electron's binary on first use (Electron 45's tooling wants Node >= 22.12).
const electronCli = createRequire(import.meta.url).resolve('electron/cli.js');
const child = spawn(process.execPath, [electronCli, root, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
