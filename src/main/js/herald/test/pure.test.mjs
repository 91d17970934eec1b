// The pure parts of herald.js: no browser, no timers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffDelay, matchesType, RecentIds, parseFrames, frameKind, closeAction, httpStatusCode, nextState,
  tokenExpiry, refreshDelay, TransportLadder, DEFAULTS,
} from '../herald.js';

test('backoff: full jitter below min(cap, base * 2^attempt), never above the cap', () => {
  const top = () => 0.999999;
  assert.equal(backoffDelay(0, DEFAULTS, () => 0), 0);
  assert.equal(backoffDelay(0, DEFAULTS, top), 499);
  assert.equal(backoffDelay(1, DEFAULTS, top), 999);
  assert.equal(backoffDelay(5, DEFAULTS, top), 15999);
  assert.equal(backoffDelay(6, DEFAULTS, top), 29999);
  assert.equal(backoffDelay(1000, DEFAULTS, top), 29999);
  assert.equal(backoffDelay(3, { backoffBaseMs: 100, backoffCapMs: 300 }, () => 0.5), 150);
  for (let i = 0; i < 200; i++) {
    const d = backoffDelay(i % 12);
    assert.ok(d >= 0 && d < Math.min(30000, 500 * 2 ** (i % 12)), `${d} for attempt ${i % 12}`);
  }
});

test('type patterns: exact, trailing * prefix, * for all', () => {
  assert.ok(matchesType('face.registered', 'face.registered'));
  assert.ok(!matchesType('face.registered', 'face.registered.x'));
  assert.ok(matchesType('face.*', 'face.registered'));
  assert.ok(matchesType('face.*', 'face.'));
  assert.ok(!matchesType('face.*', 'face'));
  assert.ok(!matchesType('face.*', 'alert.face'));
  assert.ok(matchesType('user:*', 'user:status'));
  assert.ok(matchesType('*', 'anything'));
  assert.ok(!matchesType('face.*', undefined));
});

test('recent ids: a duplicate is refused, memory bounded by forgetting the oldest', () => {
  const ids = new RecentIds(3);
  assert.ok(ids.add('a'));
  assert.ok(!ids.add('a'));
  ids.add('b'); ids.add('c'); ids.add('d');
  assert.equal(ids.size, 3);
  assert.ok(!ids.has('a'));
  assert.ok(ids.has('b') && ids.has('d'));
  assert.ok(!ids.add('d'));
  assert.ok(ids.add('a'), 'forgotten, so new again');
});

test('ndjson: one object per line, blank and broken lines skipped', () => {
  assert.deepEqual(parseFrames('{"type":"a"}\n{"type":"b","id":"1-2"}\n'), [{ type: 'a' }, { type: 'b', id: '1-2' }]);
  assert.deepEqual(parseFrames('{"type":"a"}'), [{ type: 'a' }]);
  assert.deepEqual(parseFrames('\nnot json\n[1]\n{"type":"c"}'), [{ type: 'c' }]);
});

test('frame routing: control types by name, an id makes an event, the rest are messages', () => {
  for (const t of ['welcome', 'reply', 'error', 'pong', 'reset', 'drain', 'close']) assert.equal(frameKind({ type: t }), t);
  assert.equal(frameKind({ type: 'face.registered', id: '7-1' }), 'event');
  assert.equal(frameKind({ type: 'presence', room: 'r' }), 'message');
  assert.equal(frameKind({ type: 'user:status' }), 'message');
  assert.equal(frameKind({ type: 'typing', room: 'r', user: 'bob' }), 'message');
});

test('close codes: 4401 and 1008 refresh, 4403 stops, the rest reconnect; HTTP refusals map onto them', () => {
  assert.equal(closeAction(4401), 'refresh');
  assert.equal(closeAction(1008), 'refresh');
  assert.equal(closeAction(4403), 'stop');
  for (const c of [1000, 1001, 1006, 1011, 4408, 4429, 4508]) assert.equal(closeAction(c), 'reconnect', String(c));
  assert.equal(httpStatusCode(401), 4401);
  assert.equal(httpStatusCode(403), 4403);
  assert.equal(httpStatusCode(404), 1006);
  assert.equal(httpStatusCode(503), 1006);
});

test('status machine: open, reconnecting, offline, closed is final', () => {
  assert.equal(nextState('connecting', 'welcome'), 'open');
  assert.equal(nextState('connecting', 'lost'), 'reconnecting');
  assert.equal(nextState('open', 'lost'), 'reconnecting');
  assert.equal(nextState('reconnecting', 'welcome'), 'open');
  assert.equal(nextState('open', 'offline'), 'offline');
  assert.equal(nextState('offline', 'lost'), 'offline');
  assert.equal(nextState('offline', 'online'), 'reconnecting');
  assert.equal(nextState('open', 'online'), 'open');
  for (const s of ['connecting', 'open', 'reconnecting', 'offline']) assert.equal(nextState(s, 'close'), 'closed');
  for (const sig of ['welcome', 'lost', 'offline', 'online']) assert.equal(nextState('closed', sig), 'closed');
});

const jwt = (claims) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

test('token expiry: decoded from the payload, never verified; null when absent or not a JWT', () => {
  assert.equal(tokenExpiry(jwt({ sub: 'ü', exp: 1700000000 })), 1700000000000);
  assert.equal(tokenExpiry(jwt({ sub: 'a' })), null);
  assert.equal(tokenExpiry('not-a-jwt'), null);
  assert.equal(tokenExpiry('a.%%%.c'), null);
  assert.equal(tokenExpiry(null), null);
});

test('refresh delay: the margin before exp, at most half the remaining life', () => {
  assert.equal(refreshDelay(3_600_000, 0), 3_540_000);
  assert.equal(refreshDelay(100_000, 0), 50_000);
  assert.equal(refreshDelay(0, 10), 0);
});

test('transport ladder: next at once after a failure, back off after a full round and start it from the first, keep what worked', () => {
  const l = new TransportLadder(['websocket', 'sse', 'poll']);
  assert.equal(l.current, 'websocket');
  assert.equal(l.failed(), false);
  assert.equal(l.current, 'sse');
  l.succeeded();
  assert.equal(l.current, 'sse', 'a transport that worked is kept');
  assert.equal(l.failed(), false);
  assert.equal(l.current, 'poll');
  assert.equal(l.failed(), false);
  assert.equal(l.current, 'websocket');
  assert.equal(l.failed(), true, 'all three failed since the last success');
  assert.equal(l.current, 'websocket', 'the next round starts from the best one again');
  assert.equal(l.failed(), false);
  assert.equal(l.current, 'sse');
  assert.throws(() => new TransportLadder([]), TypeError);
  assert.throws(() => new TransportLadder(['carrier-pigeon']), TypeError);
});
