import type { NetlinkSocketRow } from './sock-diag-decoder.js';
import type { SockDiagDump } from './sock-diag-reader.js';
import { splitBytecode, splitOf } from './sock-diag-split.js';

/** One request of a read: a whole dump or one half of it, the socket it runs on, and how it went. */
export interface DumpPart {
  dump: SockDiagDump;
  /** The half's filter program; undefined for a whole dump. */
  bytecode: Uint8Array | undefined;
  /** Which half: the sockets at and above the split, or below it. */
  upper: boolean;
  /** Index of the reader's netlink socket. */
  socket: number;
  /** The sequence number of its latest request. */
  seq: number;
  /** Its request was sent... */
  begun: boolean;
  /** ...and its answer read to the end. */
  finished: boolean;
  /** Where its rows start in the read's rows, and how many there are. */
  first: number;
  rows: number;
}

/** A dump's halves as filter programs, and how many reads ago they were chosen. */
interface Halves {
  lower: Uint8Array;
  upper: Uint8Array;
  age: number;
}

/**
 * The lower part's share of the rows. It is read and decoded on the
 * JavaScript thread, which then decodes the upper part too, so it gets less
 * of the kernel's work: with 40% the two threads end nearest together (at
 * 20,000 sockets a read took 12.9 ms, against 14.0 ms with halves).
 */
const LOWER_SHARE = 0.4;
/** Parts this far off their share (by more than this share of the rows) are cut again... */
const UNEVEN = 1 / 8;
/** ...but not more often than once in this many reads: ports may not allow better. */
const RECHOOSE_AFTER = 8;

/**
 * Which requests a read makes: each dump whole, or, for a dump that had at
 * least `atRows` rows last time, two "halves" cut by port
 * (sock-diag-split.ts), the lower one LOWER_SHARE of the rows, cut again
 * when they drift off. A dump keeps its halves until it shrinks below half
 * of `atRows`.
 *
 * Halves pay only with a core to spare: when other work holds it, the two
 * dumps contend for one core and for the kernel's locks, and a split read
 * costs more than a whole one (1.6 times, measured on a busy 2-core VM). So
 * each read asks `spareCore` first, and reads whole when there is none.
 */
export class DumpPlanner {
  #atRows: number;
  #spareCore: () => boolean;
  #halves = new Map<SockDiagDump, Halves>();

  /** `atRows` 0 never splits. */
  constructor(atRows: number, spareCore: () => boolean) {
    this.#atRows = atRows;
    this.#spareCore = spareCore;
  }

  /** The parts of a read of `dumps`, in order, spread over `sockets` netlink sockets in turn. */
  plan(dumps: readonly SockDiagDump[], sockets: number): DumpPart[] {
    const split = this.#halves.size > 0 && this.#spareCore();
    const parts: DumpPart[] = [];
    const add = (dump: SockDiagDump, bytecode: Uint8Array | undefined, upper: boolean) =>
      parts.push({
        dump,
        bytecode,
        upper,
        socket: parts.length % sockets,
        seq: 0,
        begun: false,
        finished: false,
        first: 0,
        rows: 0,
      });
    for (const dump of dumps) {
      const halves = split ? this.#halves.get(dump) : undefined;
      if (halves === undefined) {
        add(dump, undefined, false);
      } else {
        add(dump, halves.lower, false);
        add(dump, halves.upper, true);
      }
    }
    return parts;
  }

  /** Learns from a read of `dumps` by `parts`, which gave `rows`, where to cut the next. */
  learn(dumps: readonly SockDiagDump[], parts: readonly DumpPart[], rows: readonly NetlinkSocketRow[]): void {
    if (this.#atRows === 0) return;
    let index = 0;
    for (const dump of dumps) {
      const first = parts[index];
      if (first === undefined || first.dump !== dump) return; // not this planner's plan
      const split = first.bytecode !== undefined;
      const count = split ? first.rows + (parts[index + 1]?.rows ?? 0) : first.rows;
      index += split ? 2 : 1;
      const known = this.#halves.get(dump);
      if (count < (known ? this.#atRows / 2 : this.#atRows)) {
        this.#halves.delete(dump);
        continue;
      }
      if (known !== undefined) {
        // Read whole this time: nothing says how the halves would fall.
        if (!split) continue;
        known.age++;
        const off = Math.abs(first.rows - count * LOWER_SHARE);
        if (off <= count * UNEVEN || known.age < RECHOOSE_AFTER) continue;
      }
      const at = splitOf(rows, first.first, first.first + count, LOWER_SHARE);
      if (at === null) this.#halves.delete(dump);
      else
        this.#halves.set(dump, { lower: splitBytecode(at, false), upper: splitBytecode(at, true), age: 0 });
    }
  }

  /** The kernel refused a filter program: every dump is read whole from now on. */
  refuse(): void {
    this.#atRows = 0;
    this.#halves.clear();
  }
}
