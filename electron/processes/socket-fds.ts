/**
 * Reads one process's descriptor table (/proc/PID/fd) for sockets: the expensive
 * step the resolver exists to avoid repeating.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { isNotPermitted } from './proc-read.js';

/** What reading descriptor tables cost and met; added to by `readSocketInodes`. */
export interface FdReadCounts {
  /** Descriptor links read (readlink calls). */
  fdsRead: number;
  /** Descriptors closed between listing and reading them. */
  vanished: number;
}

const PREFIX = 'socket:[';

/**
 * Adds to `into` the inode of every socket among the descriptors in `fdDir`, and
 * returns how many descriptors it listed.
 * Throws what readdirSync throws for the directory itself (ENOENT: the process is
 * gone; EACCES/EPERM: not ours to read), and EACCES/EPERM from a descriptor; a
 * descriptor closed meanwhile is counted and skipped.
 */
export function readSocketInodes(fdDir: string, into: Set<number>, counts: FdReadCounts): number {
  const prefix = `${fdDir}/`;
  const fds = readdirSync(fdDir);
  for (const fd of fds) {
    let link: string;
    counts.fdsRead++;
    try {
      link = readlinkSync(prefix + fd);
    } catch (error) {
      // Readable fd dir but unreadable links: a ptrace check refused us (a non-dumpable
      // process, or one with capabilities we lack). It refuses every fd alike.
      if (isNotPermitted(error)) throw error;
      // ENOENT: closed since the listing; ESRCH: the process is exiting.
      counts.vanished++;
      continue;
    }
    const inode = socketInode(link);
    if (inode !== null) into.add(inode);
  }
  return fds.length;
}

/** The inode of a descriptor link `socket:[INODE]`, or null for anything else. */
export function socketInode(link: string): number | null {
  if (!link.startsWith(PREFIX) || link.charCodeAt(link.length - 1) !== 0x5d) return null;
  const inode = Number(link.slice(PREFIX.length, -1));
  return Number.isSafeInteger(inode) && inode > 0 ? inode : null;
}
