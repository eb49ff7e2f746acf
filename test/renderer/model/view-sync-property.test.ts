import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { EndpointTable } from '../../../shared/delta.js';
import { tableFromRows } from '../../../shared/diff.js';
import { ENDPOINT_STATES, type Endpoint } from '../../../shared/endpoint.js';
import type { DeltaEvent, FullSnapshot } from '../../../shared/protocol.js';
import { ViewSync } from '../../../renderer/model/view-sync.js';
import { endpoint } from './endpoint-fixture.js';
import { deltaEvent, snapshotOf } from './protocol-fixture.js';

// The server's history: tables at seq 1..n over a few keys, so rows persist,
// change, vanish and come back. Each delta is the real diff() between two tables.

const rowArb: fc.Arbitrary<Partial<Endpoint> | null> = fc.option(
  fc.record({
    state: fc.constantFrom(...ENDPOINT_STATES),
    bytesSent: fc.option(fc.nat({ max: 5 }), { nil: undefined }),
    recvQ: fc.nat({ max: 2 }),
  }),
  { nil: null },
);

const tableArb = fc.array(rowArb, { minLength: 6, maxLength: 6 });

/** Table seq `seq` from one generated slot per remote port (null: no row there). */
function tableOf(seq: number, slots: readonly (Partial<Endpoint> | null)[]): EndpointTable {
  const rows: Endpoint[] = [];
  slots.forEach((slot, port) => {
    if (slot === null) return;
    const row = endpoint({ remotePort: 1000 + port, state: slot.state, recvQ: slot.recvQ });
    if (slot.bytesSent !== undefined) row.bytesSent = slot.bytesSent;
    rows.push(row);
  });
  return tableFromRows(seq, seq * 1000, rows);
}

/** The rows by key, in no particular order (apply appends new keys; the server's map may differ). */
function rowsOf(table: EndpointTable): Record<string, Endpoint> {
  return Object.fromEntries(table.rows);
}

/** What happens to the delta the server sends next. */
type Fate = 'deliver' | 'drop' | 'duplicate';

/**
 * A view on an ordered channel (a WebSocket, or Electron IPC): it applies
 * deltas, and on a gap asks for one snapshot unless one is already on its
 * way. The server answers `lag` polls later, with its table at that moment,
 * and the reply travels behind the deltas sent before it.
 */
function run(history: EndpointTable[], fates: Fate[], lags: number[], firstAt: number) {
  const sync = new ViewSync();
  let requests = 0;
  let pendingReplyAt: number | undefined;
  let lagIndex = 0;
  const request = (now: number): void => {
    requests++;
    pendingReplyAt = Math.min(history.length - 1, now + (lags[lagIndex++ % lags.length] ?? 0));
  };
  const deliverSnapshot = (seq: number): void => {
    const table = history[seq]!;
    const reply: FullSnapshot = snapshotOf(table);
    sync.acceptSnapshot(reply);
    assert.equal(sync.synced, true);
    assert.deepEqual(rowsOf(sync.table), rowsOf(table));
    pendingReplyAt = undefined;
  };
  let drops = 0;
  request(firstAt);
  for (let seq = 1; seq < history.length; seq++) {
    // The server polls: it sends delta seq-1 -> seq (the view may lose or repeat it).
    const event: DeltaEvent = deltaEvent(history[seq - 1]!, history[seq]!);
    const fate = seq === history.length - 1 ? 'deliver' : (fates[seq % fates.length] ?? 'deliver');
    if (fate === 'drop') drops++;
    const deliveries = fate === 'drop' ? 0 : fate === 'duplicate' ? 2 : 1;
    for (let i = 0; i < deliveries; i++) {
      const outcome = sync.acceptDelta(event);
      if (i === 1) assert.notEqual(outcome, 'applied', 'a repeated delta never applies twice');
      if (outcome === 'gap' && pendingReplyAt === undefined) request(seq);
    }
    // A snapshot requested now is answered with the table as it stands after this poll.
    if (pendingReplyAt !== undefined && pendingReplyAt <= seq) deliverSnapshot(seq);
  }
  return { sync, requests, drops };
}

describe('ViewSync against the server (property)', () => {
  it('ends equal to the server after any losses and repeats, with one resync per loss at most', () => {
    fc.assert(
      fc.property(
        fc.array(tableArb, { minLength: 2, maxLength: 25 }),
        fc.array(fc.constantFrom<Fate>('deliver', 'deliver', 'deliver', 'drop', 'duplicate'), {
          minLength: 1,
        }),
        fc.array(fc.nat({ max: 3 }), { minLength: 1 }),
        fc.nat({ max: 5 }),
        (slots, fates, lags, firstAt) => {
          const history = slots.map((s, i) => tableOf(i, s));
          const { sync, requests, drops } = run(history, fates, lags, Math.min(firstAt, history.length - 1));
          const last = history[history.length - 1]!;
          assert.equal(sync.synced, true);
          assert.equal(sync.table.seq, last.seq);
          assert.deepEqual(rowsOf(sync.table), rowsOf(last));
          assert.ok(requests <= 1 + drops, `${requests} snapshots for ${drops} lost deltas`);
        },
      ),
      { numRuns: 500 },
    );
  });
});
