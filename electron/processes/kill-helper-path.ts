/**
 * Where the privileged kill helper (kill-helper/sockscope-kill-helper.c,
 * built by `npm run build:native` beside the native addon) and pkexec are.
 * "Retry as administrator" runs `pkexec HELPER PID STARTTIME SIGNAL`; both
 * must exist for it to be offered.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import { packageRoot } from '../collectors/linux/native-addon.js';

const BUILT = ['electron', 'collectors', 'linux', 'native', 'build', 'Release', 'sockscope-kill-helper'];

/** The places pkexec is installed on the distributions we know, tried before PATH. */
export const PKEXEC_PATHS = ['/usr/bin/pkexec', '/bin/pkexec'];

/**
 * The helper's absolute path, or null when it is not built. In a packaged
 * app the package root is app.asar, an archive nothing can execute from: the
 * helper is unpacked beside it (electron-builder.yml's asarUnpack) into
 * app.asar.unpacked, and that is where the path points.
 */
export function killHelperPath(root: string | null = packageRoot()): string | null {
  if (root === null) return null;
  const unpacked = root
    .split(sep)
    .map((part) => (part === 'app.asar' ? 'app.asar.unpacked' : part))
    .join(sep);
  const path = join(unpacked, ...BUILT);
  return isExecutableFile(path) ? path : null;
}

/** pkexec's absolute path, or null when it is not installed (its fixed places first, then PATH). */
export function findPkexec(
  pathEnv: string | undefined = process.env.PATH,
  fixed = PKEXEC_PATHS,
): string | null {
  for (const path of fixed) if (isExecutableFile(path)) return path;
  // Relative PATH entries would depend on the working directory: never trusted for a privileged tool.
  for (const dir of (pathEnv ?? '').split(':')) {
    if (!isAbsolute(dir)) continue;
    const path = join(dir, 'pkexec');
    if (isExecutableFile(path)) return path;
  }
  return null;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
