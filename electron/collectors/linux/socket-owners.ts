import { performance } from 'node:perf_hooks';
import type { OwnedSocketRow, SocketRow, UnknownOwner } from '../../../shared/endpoint.js';
import type { OwnerResolver } from '../../processes/owner-resolver.js';
import type { CollectorSnapshot } from '../collector.js';

/** Shared by every socket without an inode: no process holds a file for it. */
const KERNEL_HELD: UnknownOwner = Object.freeze({ kind: 'unknown', reason: 'kernel' });

/** What a Linux collector read of the sockets, once every row has its owner. */
export interface SocketRead {
  /** Milliseconds since the epoch. */
  takenAt: number;
  /** performance.now() when the socket read began. */
  startedAt: number;
  /** The collector's own rows: they get their owner in place. */
  rows: SocketRow[];
  consistent: boolean;
  skippedRows: number;
  duplicateRows: number;
  retriedReads: number;
  truncatedReads: number;
  /** Row objects of the previous read this one does not hand back, when the reader knows them. */
  gone?: readonly SocketRow[];
}

/**
 * One poll's owners, given as the sockets come: `prepare` while the kernel
 * still builds the dump, `take` for each batch of rows decoded, `finish`
 * once all are read. Each row gets its owner in place (a copy per row per
 * poll is measurable at 50,000 sockets): at once when a known process holds
 * it, after the search for the rest otherwise. Every live inode goes to the
 * resolver each poll, as it requires.
 *
 * Owner work is timed apart from the socket read it interleaves with, so
 * the snapshot's timings still say where a poll spent its time.
 */
export class PollOwners {
  readonly #resolver: OwnerResolver;
  /** Rows whose inode no known process held when taken: they get their owner in `finish`. */
  readonly #waiting: OwnedSocketRow[] = [];
  /** Milliseconds of owner work in this poll so far. */
  #ms = 0;

  constructor(resolver: OwnerResolver) {
    this.#resolver = resolver;
  }

  /** Begins a poll: the owner work that needs no sockets. */
  prepare(): void {
    const start = performance.now();
    this.#waiting.length = 0;
    this.#ms = 0;
    this.#resolver.prepare();
    this.#ms += performance.now() - start;
  }

  /** Gives rows[from..to) their owners, or a place in the search; taking a row twice is harmless. */
  take(rows: readonly SocketRow[], from: number, to: number): void {
    const start = performance.now();
    const resolver = this.#resolver;
    for (let i = from; i < to; i++) {
      const row = rows[i] as OwnedSocketRow;
      const inode = row.inode;
      if (inode === 0) {
        row.owner = KERNEL_HELD;
        continue;
      }
      const owner = resolver.askOwner(inode);
      if (owner !== undefined) row.owner = owner;
      else this.#waiting.push(row);
    }
    this.#ms += performance.now() - start;
  }

  /** Ends the poll (every row taken): the search for the rest, and the snapshot with its stats and timings. */
  finish(read: SocketRead): CollectorSnapshot {
    const start = performance.now();
    const resolver = this.#resolver;
    const s = resolver.settleAsked();
    for (const row of this.#waiting) row.owner = resolver.ownerOf(row.inode);
    this.#waiting.length = 0;
    const end = performance.now();
    const ownersMs = this.#ms + (end - start);
    return {
      takenAt: read.takenAt,
      monotonicAt: read.startedAt,
      rows: read.rows as OwnedSocketRow[],
      consistent: read.consistent,
      ...(read.gone === undefined ? {} : { gone: read.gone as readonly OwnedSocketRow[] }),
      stats: {
        skippedRows: read.skippedRows,
        duplicateRows: read.duplicateRows,
        ownersNotPermitted: s.ownersNotPermitted,
        ownersNotFound: s.ownersNotFound,
        processesNotPermitted: s.processesNotPermitted,
        vanished: s.vanished,
        retriedReads: read.retriedReads,
        truncatedReads: read.truncatedReads,
      },
      timings: { socketsMs: end - read.startedAt - ownersMs, ownersMs },
    };
  }
}

/** The snapshot of a socket read done whole: every row gets its owner, in place. */
export function ownedSnapshot(resolver: OwnerResolver, read: SocketRead): CollectorSnapshot {
  const owners = new PollOwners(resolver);
  owners.prepare();
  owners.take(read.rows, 0, read.rows.length);
  return owners.finish(read);
}
