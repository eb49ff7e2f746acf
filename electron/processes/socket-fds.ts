/**
 * One descriptor link of /proc/PID/fd: the readlink the resolver exists to
 * avoid repeating, and the socket inode it names.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { isNotPermitted } from './proc-read.js';

/** What reading descriptor tables cost and met; added to by the readers. */
export interface FdReadCounts {
  /** Descriptor numbers looked up (readlink or lstat calls, including numbers found not open). */
  fdsRead: number;
  /** Descriptor directories listed (readdir of /proc/PID/fd). */
  fdDirsListed: number;
  /** Descriptors listed but closed before they were read. */
  vanished: number;
}

const PREFIX = 'socket:[';

/**
 * The target of descriptor link `path` (`/proc/PID/fd/N`), or null when no
 * descriptor has that number now (ENOENT), or the process is exiting (ESRCH).
 * Throws EACCES/EPERM: a readable fd directory with unreadable links means a
 * ptrace check refused us (a non-dumpable process, or one with capabilities we
 * lack), and it refuses every descriptor alike.
 */
export function readFdLink(path: string, counts: FdReadCounts): string | null {
  counts.fdsRead++;
  try {
    return readlinkSync(path);
  } catch (error) {
    if (isNotPermitted(error)) throw error;
    return null;
  }
}

/**
 * True when descriptor link `path` exists: for a number that is likely not open,
 * since a failed readlink costs a thrown error, several times a successful one.
 * Throws EACCES/EPERM.
 */
export function fdExists(path: string, counts: FdReadCounts): boolean {
  counts.fdsRead++;
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    if (isNotPermitted(error)) throw error;
    return false;
  }
}

/** The inode of a descriptor link `socket:[INODE]`, or null for anything else. */
export function socketInode(link: string): number | null {
  if (!link.startsWith(PREFIX) || link.charCodeAt(link.length - 1) !== 0x5d) return null;
  const inode = Number(link.slice(PREFIX.length, -1));
  return Number.isSafeInteger(inode) && inode > 0 ? inode : null;
}
