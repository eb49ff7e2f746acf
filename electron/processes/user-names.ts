/**
 * uid -> user name from /etc/passwd. Users known only to NSS (LDAP, sssd) have no
 * line there and show as their uid, as `ss` does when run without a resolver.
 */
import { readFileSync, statSync } from 'node:fs';

/** Parses passwd(5) text into uid -> name; the first line for a uid wins, as with getpwuid(3). */
export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    // NIS compat lines (`+name`, `-name`) and comments name nobody locally.
    const first = line.charAt(0);
    if (first === '' || first === '#' || first === '+' || first === '-') continue;
    const fields = line.split(':');
    const name = fields[0];
    const uidText = fields[2];
    if (fields.length < 4 || !name || uidText === undefined || !/^\d+$/.test(uidText)) continue;
    const uid = Number(uidText);
    if (Number.isSafeInteger(uid) && !names.has(uid)) names.set(uid, name);
  }
  return names;
}

/** Options for `UserNames`; the defaults suit the running app. */
export interface UserNamesOptions {
  /** Default `/etc/passwd`. */
  path?: string;
  /** How often at most to check the file's mtime, in ms. Default 5000. */
  recheckMs?: number;
  /** Clock in ms, for tests. */
  now?: () => number;
}

/** Cached uid -> name lookups; re-reads the file when its mtime changes, checked at most every `recheckMs`. */
export class UserNames {
  private readonly path: string;
  private readonly recheckMs: number;
  private readonly now: () => number;
  private names = new Map<number, string>();
  private checkedAt = -Infinity;
  private mtimeMs = Number.NaN;

  constructor(options: UserNamesOptions = {}) {
    this.path = options.path ?? '/etc/passwd';
    this.recheckMs = options.recheckMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  /** The user name of `uid`, or the uid as text when it has none. */
  nameOf(uid: number): string {
    this.refresh();
    return this.names.get(uid) ?? String(uid);
  }

  private refresh(): void {
    const now = this.now();
    if (now - this.checkedAt < this.recheckMs) return;
    this.checkedAt = now;
    try {
      const stats = statSync(this.path, { throwIfNoEntry: false });
      const mtimeMs = stats?.mtimeMs ?? -1;
      if (mtimeMs === this.mtimeMs) return;
      this.names = stats ? parsePasswd(readFileSync(this.path, 'utf8')) : new Map();
      this.mtimeMs = mtimeMs;
    } catch {
      // Unreadable passwd: uids show as numbers, which is still correct.
      this.names = new Map();
    }
  }
}
