/**
 * The facts shown for a socket's owning process (name, exe, command line, user,
 * start time), read once per process and cached.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync, statSync } from 'node:fs';
import type { ProcessOwner } from '../../shared/endpoint.js';
import { parseProcPidStat, type ProcPidStat } from './proc-pid-stat.js';
import { readSmallFile } from './proc-read.js';
import { UserNames } from './user-names.js';

/** Options for `ProcessFacts`; the defaults read the running system. */
export interface ProcessFactsOptions {
  /** Default `/proc`. */
  procRoot?: string;
  userNames?: UserNames;
  /** Clock ticks per second (USER_HZ); default from `getconf CLK_TCK`, else 100. */
  clockTicks?: number;
  /** Boot time in seconds since the epoch; default the `btime` line of /proc/stat. */
  bootTime?: number;
}

/**
 * Facts per process, cached by (pid, start time): the same object comes back while
 * the process lives, so a diff can compare owners by reference. A pid reused by a
 * new process, or a process that exec'd another program (its comm changed), gets
 * fresh facts.
 */
export class ProcessFacts {
  private readonly procRoot: string;
  private readonly userNames: UserNames;
  private readonly clockTicks: number;
  private bootTime: number | undefined;
  private readonly cache = new Map<number, ProcessOwner>();

  constructor(options: ProcessFactsOptions = {}) {
    this.procRoot = options.procRoot ?? '/proc';
    this.userNames = options.userNames ?? new UserNames();
    this.clockTicks = options.clockTicks ?? systemClockTicks();
    this.bootTime = options.bootTime;
  }

  /**
   * The facts of `pid`; `stat` is its parsed /proc/PID/stat when the caller has
   * just read it (else it is read here). Null when the process is gone.
   */
  get(pid: number, stat?: ProcPidStat): ProcessOwner | null {
    const current = stat ?? this.readStat(pid);
    if (current === null) return null;
    const cached = this.cache.get(pid);
    if (cached && cached.startTime === current.startTime && cached.name === current.comm) return cached;
    const owner = this.read(pid, current);
    if (owner === null) this.cache.delete(pid);
    else this.cache.set(pid, owner);
    return owner;
  }

  /** Drops the cached facts of a process that is gone. */
  forget(pid: number): void {
    this.cache.delete(pid);
  }

  /** How many processes have cached facts. */
  get size(): number {
    return this.cache.size;
  }

  private read(pid: number, stat: ProcPidStat): ProcessOwner | null {
    const dir = `${this.procRoot}/${pid}`;
    let uid: number;
    try {
      uid = statSync(dir).uid;
    } catch {
      return null;
    }
    return {
      kind: 'process',
      pid,
      name: stat.comm,
      exe: readExe(dir),
      cmdline: readCmdline(dir),
      uid,
      user: this.userNames.nameOf(uid),
      startTime: stat.startTime,
      startedAt: Math.round(this.getBootTime() * 1000 + (stat.startTime * 1000) / this.clockTicks),
    };
  }

  private readStat(pid: number): ProcPidStat | null {
    try {
      return parseProcPidStat(readSmallFile(`${this.procRoot}/${pid}/stat`));
    } catch {
      return null;
    }
  }

  private getBootTime(): number {
    if (this.bootTime === undefined) {
      let text = '';
      try {
        text = readSmallFile(`${this.procRoot}/stat`);
      } catch {
        // No /proc/stat: start times are then relative to boot, still ordered.
      }
      this.bootTime = parseBootTime(text) ?? 0;
    }
    return this.bootTime;
  }
}

/** The `btime` (boot time, seconds since the epoch) of /proc/stat text, or null. */
export function parseBootTime(procStatText: string): number | null {
  const match = /^btime (\d+)$/m.exec(procStatText);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** /proc/PID/cmdline (NUL-separated arguments) as one line, arguments joined by spaces. */
export function joinCmdline(raw: string): string {
  const trimmed = raw.endsWith('\0') ? raw.slice(0, -1) : raw;
  return trimmed.replaceAll('\0', ' ');
}

function readExe(dir: string): string | null {
  try {
    return readlinkSync(`${dir}/exe`);
  } catch {
    // EACCES: another user's process; ENOENT: a kernel thread or a zombie.
    return null;
  }
}

function readCmdline(dir: string): string {
  try {
    return joinCmdline(readFileSync(`${dir}/cmdline`, 'utf8'));
  } catch {
    return '';
  }
}

let clockTicksCache: number | undefined;

/** USER_HZ, the unit of /proc/PID/stat times: `getconf CLK_TCK`, asked once; 100 if that fails. */
export function systemClockTicks(): number {
  if (clockTicksCache === undefined) {
    clockTicksCache = 100;
    try {
      const value = Number(
        execFileSync('getconf', ['CLK_TCK'], {
          encoding: 'utf8',
          timeout: 2000,
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim(),
      );
      if (Number.isInteger(value) && value > 0) clockTicksCache = value;
    } catch {
      // getconf missing: 100 is USER_HZ on every Linux architecture Sockscope targets.
    }
  }
  return clockTicksCache;
}
