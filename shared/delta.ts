import type { Endpoint, EndpointState, OptionalEndpointField } from './endpoint.js';

/** The live table at one poll: rows by key, and the poll's sequence number. */
export interface EndpointTable {
  /** Increases by one per poll; a delta applies only to the table of its `baseSeq`. */
  seq: number;
  /** When the poll ran, in milliseconds since the epoch. */
  takenAt: number;
  rows: ReadonlyMap<string, Endpoint>;
}

/** Summary counts of a table, for the toolbar and the status bar. */
export interface EndpointCounts {
  total: number;
  tcp4: number;
  tcp6: number;
  udp4: number;
  udp6: number;
  byState: Partial<Record<EndpointState, number>>;
}

/** A row that changed: its key, the fields that changed, and optional fields that became absent. */
export interface EndpointUpdate {
  key: string;
  set: Partial<Omit<Endpoint, 'key'>>;
  unset?: OptionalEndpointField[];
}

/** What changed between two tables: only this crosses the wire on a tick. */
export interface Delta {
  /** The `seq` of the table this delta produces. */
  seq: number;
  /** The `seq` of the table it applies to. */
  baseSeq: number;
  takenAt: number;
  added: Endpoint[];
  updated: EndpointUpdate[];
  removed: string[];
  /** Counts of the resulting table. */
  counts: EndpointCounts;
}
