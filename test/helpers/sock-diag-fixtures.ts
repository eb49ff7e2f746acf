import { readFileSync } from 'node:fs';

/**
 * The recorded sock_diag dumps of test/fixtures/sock-diag (see its README):
 * NAME.bin holds the datagrams, each a u32 little-endian length then the bytes.
 */
const FIXTURES = new URL('../fixtures/sock-diag/', import.meta.url);

/** The datagrams of a recorded dump, each a copy a test may edit. */
export function datagrams(name: string): Uint8Array[] {
  const bin = readFileSync(new URL(`${name}.bin`, FIXTURES));
  const out: Uint8Array[] = [];
  for (let at = 0; at < bin.length; at += 4 + bin.readUInt32LE(at)) {
    out.push(new Uint8Array(bin.subarray(at + 4, at + 4 + bin.readUInt32LE(at))));
  }
  return out;
}

/** What `ss` showed of the same sockets when the dump was recorded (from NAME.json). */
export function ssLines(name: string): string[] {
  const note = readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8');
  return (JSON.parse(note) as { ss: string[] }).ss;
}
