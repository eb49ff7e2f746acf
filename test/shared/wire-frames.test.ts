import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameError, MAX_FRAME_BYTES, parseRequestFrame } from '../../shared/wire-frames.js';
import { ProtocolError } from '../../shared/protocol-validate.js';

const fails = (text: string, id: number | undefined, message: RegExp) =>
  assert.throws(
    () => parseRequestFrame(text),
    (error: Error) =>
      error instanceof FrameError &&
      error instanceof ProtocolError &&
      error.id === id &&
      message.test(error.message),
    text,
  );

test('a valid frame comes back typed, extra fields dropped', () => {
  assert.deepEqual(parseRequestFrame('{"id":0,"method":"snapshot","args":[]}'), {
    id: 0,
    method: 'snapshot',
    args: [],
  });
  assert.deepEqual(parseRequestFrame('{"id":9,"method":"setInterval","args":[2000],"x":1}'), {
    id: 9,
    method: 'setInterval',
    args: [2000],
  });
});

test('frames without a readable id fail with no id', () => {
  fails('', undefined, /^frame is not JSON$/);
  fails('{"id":1', undefined, /not JSON/);
  fails('null', undefined, /^frame must be an object$/);
  fails('[{"id":1}]', undefined, /must be an object/);
  fails('"text"', undefined, /must be an object/);
  fails('{"method":"info","args":[]}', undefined, /needs an "id"/);
  for (const id of ['"1"', '-1', '1.5', '1e300', 'null', '9007199254740993']) {
    fails(`{"id":${id},"method":"info","args":[]}`, undefined, /needs an "id": a whole number >= 0/);
  }
});

test('frames with an id but a bad method or arguments fail with that id', () => {
  fails('{"id":3,"method":"killAll","args":[1]}', 3, /^unknown method "killAll"$/);
  fails('{"id":3,"method":"kill","args":[1]}', 3, /^kill: the argument must be an object$/);
  fails(
    '{"id":3,"method":"kill","args":[{"pid":"1; id","startTime":1,"signal":"SIGTERM","asAdministrator":false}]}',
    3,
    /^kill: pid must be a whole number of at least 1$/,
  );
  fails(
    '{"id":3,"method":"kill","args":[{"__proto__":{},"pid":5,"startTime":1,"signal":"SIGTERM","asAdministrator":false}]}',
    3,
    /^kill: unexpected field "__proto__"$/,
  );
  fails('{"id":3,"args":[]}', 3, /^unknown method undefined$/);
  fails('{"id":4,"method":"info"}', 4, /^info: arguments must be an array$/);
  fails('{"id":5,"method":"setInterval","args":["fast"]}', 5, /^setInterval: poll interval must be/);
  fails('{"id":6,"method":"setInterval","args":[1000,1]}', 6, /takes one argument/);
  fails('{"id":7,"method":"pause","args":[true]}', 7, /^pause: takes no arguments, got 1$/);
});

test('MAX_FRAME_BYTES is one byte under 1 MiB', () => {
  assert.equal(MAX_FRAME_BYTES, 1024 * 1024 - 1);
});
