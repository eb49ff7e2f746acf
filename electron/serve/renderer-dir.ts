import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServeError } from './serve-error.js';

/**
 * Where the built renderer is, found from this module's own place: compiled,
 * it runs from dist/electron/serve/ and the renderer is dist/renderer/; run
 * from source (tsx), from electron/serve/, and the build is still in
 * dist/renderer/ (never renderer/ itself: that is Vite's source folder).
 * `SOCKSCOPE_RENDERER_DIR` points elsewhere.
 */
export function defaultRendererDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.SOCKSCOPE_RENDERER_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
  return basename(root) === 'dist' ? join(root, 'renderer') : join(root, 'dist', 'renderer');
}

/**
 * The renderer folder's real path, once it is known to hold index.html;
 * otherwise a ServeError that says to build it.
 */
export function checkRendererDir(dir: string): string {
  let real: string;
  try {
    real = realpathSync(dir);
    if (statSync(join(real, 'index.html')).isFile()) return real;
  } catch {
    // Reported below with the one fix for every case.
  }
  throw new ServeError(
    `the web UI is not built: ${join(dir, 'index.html')} is missing; run npm run build (it writes dist/renderer/)`,
  );
}
