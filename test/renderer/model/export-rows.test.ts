import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Endpoint } from '../../../shared/endpoint.js';
import {
  EXPORT_COLUMNS,
  rowsToCsv,
  rowsToJson,
  rowsToTsv,
  type ExportColumn,
} from '../../../renderer/model/export-rows.js';
import { endpoint, SSHD } from './endpoint-fixture.js';

/** A column holding fixed text, to test quoting one value at a time. */
function textColumn(id: string, text: string | number | undefined): ExportColumn {
  return { id, header: id, value: () => text };
}

/** The one data cell a column of `text` exports as CSV. */
function csvCell(text: string | number | undefined): string {
  const csv = rowsToCsv([endpoint()], [textColumn('x', text)]);
  assert.ok(csv.startsWith('x\r\n') && csv.endsWith('\r\n'), JSON.stringify(csv));
  return csv.slice(3, -2);
}

/**
 * A minimal RFC 4180 reader: what a spreadsheet does with the file. Used to
 * check that any text comes back whole (modulo the formula guard).
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        assert.ok(quote >= 0, 'unterminated quote');
        field += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        field += '"';
        i++;
      }
    } else if (text[i] === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (text.startsWith('\r\n', i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      assert.ok(text[i] !== '\r' && text[i] !== '\n' && text[i] !== '"', `bare ${JSON.stringify(text[i])}`);
      field += text[i];
      i++;
    }
  }
  assert.equal(field + record.join(''), '', 'the last line ends with CRLF');
  return records;
}

const FULL: Endpoint = endpoint({
  cookie: '0000000000001f2a',
  bytesSent: 123456,
  bytesReceived: 2000,
  segsOut: 10,
  segsIn: 20,
  retrans: 1,
  rttMs: 0.25,
  rttVarMs: 0.125,
  deliveryRate: 1,
  sendRate: 1500.5,
  recvRate: 0,
  recvQ: 3,
  sendQ: 4,
  firstSeen: Date.UTC(2024, 4, 6, 7, 8, 9, 10),
});

describe('EXPORT_COLUMNS', () => {
  it('lists every grid column in grid order', () => {
    assert.deepEqual(
      EXPORT_COLUMNS.map((c) => c.id),
      [
        'process',
        'pid',
        'proto',
        'localAddress',
        'localPort',
        'remoteAddress',
        'remotePort',
        'state',
        'recvQ',
        'sendQ',
        'bytesSent',
        'bytesReceived',
        'sendRate',
        'recvRate',
        'segsOut',
        'segsIn',
        'retrans',
        'rttMs',
        'user',
        'firstSeen',
        'exe',
        'cmdline',
      ],
    );
    assert.equal(EXPORT_COLUMNS.find((c) => c.id === 'exe')?.header, 'Path');
    assert.equal(EXPORT_COLUMNS.find((c) => c.id === 'cmdline')?.header, 'Command line');
  });

  it('gives raw values: numbers unformatted, time as ISO 8601', () => {
    const values = Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.id, c.value(FULL)]));
    assert.deepEqual(values, {
      process: 'sshd',
      pid: 812,
      proto: 'TCPv4',
      localAddress: '10.0.0.5',
      localPort: 22,
      remoteAddress: '10.0.0.9',
      remotePort: 51234,
      state: 'ESTABLISHED',
      recvQ: 3,
      sendQ: 4,
      bytesSent: 123456,
      bytesReceived: 2000,
      sendRate: 1500.5,
      recvRate: 0,
      segsOut: 10,
      segsIn: 20,
      retrans: 1,
      rttMs: 0.25,
      user: 'root',
      firstSeen: '2024-05-06T07:08:09.010Z',
      exe: '/usr/sbin/sshd',
      cmdline: 'sshd: /usr/sbin/sshd -D',
    });
  });

  it('gives an unknown owner its reason, the socket uid as user, and blanks for the rest', () => {
    const row = endpoint({ owner: { kind: 'unknown', reason: 'not-permitted' }, uid: 1001 });
    const values = Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.id, c.value(row)]));
    assert.equal(values.process, '[not permitted]');
    assert.equal(values.pid, undefined);
    assert.equal(values.user, 1001);
    assert.equal(values.exe, '');
    assert.equal(values.cmdline, '');
    assert.equal(values.bytesSent, undefined);
  });
});

describe('rowsToCsv', () => {
  it('writes a header and one CRLF line per row', () => {
    const csv = rowsToCsv([FULL, endpoint({ remotePort: 1 })], EXPORT_COLUMNS);
    const lines = csv.split('\r\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[3], '');
    assert.ok(lines[0]?.startsWith('Process,PID,Protocol,Local Address,'));
    assert.equal(
      lines[1],
      'sshd,812,TCPv4,10.0.0.5,22,10.0.0.9,51234,ESTABLISHED,3,4,123456,2000,1500.5,0,10,20,1,0.25,root,' +
        '2024-05-06T07:08:09.010Z,/usr/sbin/sshd,sshd: /usr/sbin/sshd -D',
    );
    // Absent counters are empty cells, not "undefined".
    assert.ok(lines[2]?.includes('ESTABLISHED,0,0,,,,,,,,,root'), lines[2]);
  });

  it('writes only the header for no rows', () => {
    assert.equal(rowsToCsv([], [textColumn('a', 1), textColumn('b', 2)]), 'a,b\r\n');
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    assert.equal(csvCell('plain text'), 'plain text');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('two\r\nlines'), '"two\r\nlines"');
    assert.equal(csvCell(''), '');
    assert.equal(csvCell(undefined), '');
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-cmd'), "'-cmd");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('\rx'), `"'\rx"`);
    assert.equal(csvCell('a=b'), 'a=b');
  });

  it('leaves numbers as numbers, negative ones included, and blanks NaN', () => {
    assert.equal(csvCell(-5), '-5');
    assert.equal(csvCell(0.125), '0.125');
    assert.equal(csvCell(NaN), '');
    assert.equal(csvCell(Infinity), '');
  });

  it('round-trips a hostile command line through a CSV reader', () => {
    const owner = { ...SSHD, cmdline: 'sh -c "echo a,b"\n=1+1', name: '-evil' };
    const csv = rowsToCsv([endpoint({ owner })], EXPORT_COLUMNS);
    const [header, record, ...rest] = parseCsv(csv);
    assert.equal(rest.length, 0);
    assert.equal(header?.length, EXPORT_COLUMNS.length);
    assert.equal(record?.length, EXPORT_COLUMNS.length);
    assert.equal(record?.[0], "'-evil");
    assert.equal(record?.at(-1), 'sh -c "echo a,b"\n=1+1');
  });
});

describe('rowsToTsv', () => {
  it('writes tab-separated lines with a header', () => {
    const tsv = rowsToTsv([FULL], EXPORT_COLUMNS.slice(0, 3));
    assert.equal(tsv, 'Process\tPID\tProtocol\nsshd\t812\tTCPv4\n');
  });

  it('replaces tabs and line breaks inside a cell with spaces', () => {
    const tsv = rowsToTsv([endpoint()], [textColumn('x', 'a\tb\nc\r\nd'), textColumn('y', 2)]);
    assert.equal(tsv, 'x\ty\na b c  d\t2\n');
  });

  it('defuses formula-like text as CSV does', () => {
    assert.equal(rowsToTsv([endpoint()], [textColumn('x', '=1+1')]), "x\n'=1+1\n");
    assert.equal(rowsToTsv([endpoint()], [textColumn('x', '\t=1')]), 'x\n =1\n');
  });
});

describe('rowsToJson', () => {
  it('writes the rows as they are, pretty-printed', () => {
    const rows = [FULL, endpoint({ owner: { kind: 'unknown', reason: 'kernel' } })];
    const json = rowsToJson(rows);
    assert.deepEqual(JSON.parse(json), rows);
    assert.ok(json.startsWith('[\n  {\n    "key": '), json.slice(0, 40));
    assert.equal(rowsToJson([]), '[]');
  });
});
