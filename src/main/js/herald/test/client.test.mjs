// The Herald client driven over fake transports and a manual clock: reconnect, resume, dedupe, close codes,
// fallbacks, actions, token refresh, offline.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Herald } from '../herald.js';
import { Clock, FakeSocket, FakeEventSource, fakeFetch, welcome, event, jwt, settle } from './fakes.mjs';

let clock;
beforeEach(() => {
  clock = new Clock();
  FakeSocket.all = [];
  FakeEventSource.all = [];
});

function env(extra = {}) {
  return {
    WebSocket: FakeSocket, EventSource: FakeEventSource, fetch: () => Promise.reject(new Error('no fetch')),
    setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, now: () => clock.now, random: () => 0.5,
    window: null, online: () => true, ...extra,
  };
}

function connect(options = {}) {
  const h = Herald.connect('http://herald.test/app/', { token: 'tok', env: env(options.env), ...options, env: env(options.env) });
  const statuses = [];
  h.onStatus((s) => statuses.push(`${s.state}/${s.transport}`));
  const events = [];
  h.on('*', (f) => events.push(f.id ?? f.type));
  return { h, statuses, events };
}

test('connects over WebSocket with the ndjson sub-protocol, rooms, types and the token; open on welcome', async () => {
  const { h, statuses, events } = connect({ rooms: ['conv-7'], types: ['face.*'] });
  await settle();
  const ws = FakeSocket.last();
  assert.equal(ws.url.href.split('?')[0], 'ws://herald.test/app/ws');
  assert.deepEqual(ws.protocols, ['herald.v1.ndjson']);
  assert.equal(ws.url.searchParams.get('rooms'), 'conv-7');
  assert.equal(ws.url.searchParams.get('types'), 'face.*');
  assert.equal(ws.url.searchParams.get('access_token'), 'tok');
  assert.equal(ws.url.searchParams.get('since'), null);
  ws.deliver(welcome(), event('e1'));
  assert.deepEqual(statuses, ['connecting/websocket', 'open/websocket']);
  assert.equal(h.session.session, 's1');
  assert.deepEqual(events, ['e1']);
});

test('on: prefix patterns, an unsubscribe, and a throwing handler does not stop the others', async () => {
  const { h } = connect();
  await settle();
  const faces = [];
  const alerts = [];
  h.on('face.*', () => { throw new Error('app bug'); });
  const off = h.on('face.*', (f) => faces.push(f.id));
  h.on('alert.triggered', (f) => alerts.push(f.id));
  const ws = FakeSocket.last();
  const errors = console.error;
  console.error = () => {};
  try {
    ws.deliver(welcome(), event('e1', 'face.registered'), event('e2', 'alert.triggered'), event('e3', 'alert.cleared'));
    off();
    ws.deliver(event('e4', 'face.registered'));
  } finally {
    console.error = errors;
  }
  assert.deepEqual(faces, ['e1']);
  assert.deepEqual(alerts, ['e2']);
});

test('a drop reconnects after a jittered backoff with rooms, types and since; replayed duplicates are dropped', async () => {
  const { h, statuses, events } = connect({ rooms: ['conv-7'] });
  await settle();
  FakeSocket.last().deliver(welcome());
  const joined = h.join('conv-8');
  const first = FakeSocket.last();
  const join = first.sent.at(-1);
  assert.equal(join.action, 'join');
  first.deliver({ type: 'reply', ref: join.ref, action: 'join', ok: true, data: { room: 'conv-8', rooms: ['conv-7', 'conv-8'] } });
  assert.deepEqual((await joined).rooms, ['conv-7', 'conv-8']);
  const subscribed = h.subscribe(['face.*']);
  const sub = first.sent.at(-1);
  first.deliver({ type: 'reply', ref: sub.ref, action: 'subscribe', ok: true, data: { types: ['face.*'] } });
  await subscribed;
  first.deliver(event('e1'), event('e2'));
  first.drop(1006);
  assert.deepEqual(statuses.slice(-1), ['reconnecting/websocket']);
  assert.equal(h.status.retryInMs, 250, 'half (random 0.5) of the 500 ms base');
  await clock.advance(249);
  assert.equal(FakeSocket.all.length, 1);
  await clock.advance(1);
  const second = FakeSocket.last();
  assert.equal(second.url.searchParams.get('since'), 'e2');
  assert.equal(second.url.searchParams.get('rooms'), 'conv-7,conv-8');
  assert.equal(second.url.searchParams.get('types'), 'face.*');
  second.deliver(welcome('s2'), event('e2'), event('e3'), event('e2'), event('e4'));
  assert.deepEqual(events, ['e1', 'e2', 'e3', 'e4']);
  assert.equal(h.status.state, 'open');
  assert.equal(h.lastEventId, 'e4');
});

test('repeated failures back off exponentially up to the cap; a welcome resets the attempts', async () => {
  const { h } = connect({ transports: ['websocket'] });
  await settle();
  const delays = [];
  for (let i = 0; i < 9; i++) {
    FakeSocket.last().drop(1006);
    delays.push(h.status.retryInMs);
    await clock.advance(h.status.retryInMs);
  }
  assert.deepEqual(delays, [250, 500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  FakeSocket.last().deliver(welcome());
  FakeSocket.last().drop(1006);
  assert.equal(h.status.retryInMs, 250);
});

test('4401 asks the tokenProvider for a fresh token and reconnects with it', async () => {
  const tokens = ['t1', 't2'];
  const { h, statuses } = connect({ token: undefined, tokenProvider: async () => tokens.shift() });
  await settle();
  assert.equal(FakeSocket.last().url.searchParams.get('access_token'), 't1');
  FakeSocket.last().deliver(welcome());
  FakeSocket.last().drop(4401, 'credential revoked');
  await clock.advance(1000);
  assert.equal(FakeSocket.all.length, 2);
  assert.equal(FakeSocket.last().url.searchParams.get('access_token'), 't2');
  FakeSocket.last().deliver(welcome('s2'));
  assert.deepEqual(statuses, ['connecting/websocket', 'open/websocket', 'reconnecting/websocket', 'open/websocket']);
  FakeSocket.last().drop(4401, 'credential revoked');
  await clock.advance(60000);
  assert.equal(FakeSocket.all.length, 2, 'no token left: no new connection');
  assert.equal(h.status.state, 'closed');
  assert.equal(h.status.code, 4401);
});

test('4401 without a tokenProvider, and 4403, end in closed with the reason', async () => {
  const a = connect();
  await settle();
  FakeSocket.last().deliver(welcome());
  FakeSocket.last().drop(4401, 'credential expired');
  await clock.advance(60000);
  assert.equal(a.h.status.state, 'closed');
  assert.match(a.h.status.reason, /credential expired/);

  const b = connect();
  await settle();
  const pending = b.h.join('x');
  FakeSocket.last().deliver(welcome());
  FakeSocket.last().drop(4403, 'tenant disabled');
  await assert.rejects(pending, { code: 'disconnected' });
  assert.deepEqual({ state: b.h.status.state, code: b.h.status.code, reason: b.h.status.reason },
    { state: 'closed', code: 4403, reason: 'tenant disabled' });
  const count = FakeSocket.all.length;
  await clock.advance(60000);
  assert.equal(FakeSocket.all.length, count);
  await assert.rejects(b.h.join('y'), { code: 'closed' });
});

test('drain: the reconnect waits retry_after_ms (plus jitter) after the 1001', async () => {
  const { h } = connect();
  await settle();
  FakeSocket.last().deliver(welcome(), event('e1'), { type: 'drain', retry_after_ms: 2000 });
  FakeSocket.last().drop(1001, 'going away');
  assert.equal(h.status.retryInMs, 2250);
  await clock.advance(2249);
  assert.equal(FakeSocket.all.length, 1);
  await clock.advance(1);
  assert.equal(FakeSocket.all.length, 2);
  assert.equal(FakeSocket.last().url.searchParams.get('since'), 'e1');
});

test('reset calls onReset; presence and client events reach on() without touching the resume point', async () => {
  const { h, events } = connect();
  await settle();
  const resets = [];
  h.onReset((r) => resets.push(r.since));
  FakeSocket.last().deliver(welcome(), event('e1'), { type: 'reset', since: 'e0', oldest: 'e5' },
    { type: 'presence', room: 'r', user: 'bob', state: 'join', meta: {} }, { type: 'typing', room: 'r', user: 'bob', data: {} });
  assert.deepEqual(resets, ['e0']);
  assert.deepEqual(events, ['e1', 'presence', 'typing']);
  assert.equal(h.lastEventId, 'e1');
});

test('actions: queued until open, errors reject with the code, timeouts, close rejects the rest', async () => {
  const { h } = connect();
  await settle();
  const early = h.call('orders.status', { id: 'o-1' });
  const ws = FakeSocket.last();
  assert.equal(ws.sent.length, 0, 'nothing is sent before the welcome');
  ws.deliver(welcome());
  const call = ws.sent[0];
  assert.deepEqual({ action: call.action, method: call.method, data: call.data }, { action: 'call', method: 'orders.status', data: { id: 'o-1' } });
  ws.deliver({ type: 'error', ref: call.ref, code: 'no_such_order', message: 'no order o-1' });
  await assert.rejects(early, { name: 'HeraldError', code: 'no_such_order', message: 'no order o-1' });
  const emitted = h.emit('r', 'typing', { on: true });
  const emit = ws.sent.at(-1);
  ws.deliver({ type: 'reply', ref: emit.ref, action: 'emit', ok: true, data: { room: 'r', type: 'typing', recipients: 2 } });
  assert.equal((await emitted).recipients, 2);
  const slow = assert.rejects(h.leave('r'), { code: 'timeout' });
  await clock.advance(10000);
  await slow;
  const never = h.join('z');
  h.close();
  await assert.rejects(never, { code: 'closed' });
  assert.equal(h.status.state, 'closed');
  assert.equal(ws.closedWith, 1000);
});

test('a WebSocket that throws falls back to SSE at once; actions go over HTTP; a close frame reconnects over SSE with since', async () => {
  const http = fakeFetch((req) => ({ status: 200, body: { type: 'reply', ref: req.body.ref, action: 'join', ok: true, data: { room: 'r2', rooms: ['r1', 'r2'] } } }));
  const { h, statuses, events } = connect({
    rooms: ['r1'], env: { WebSocket: function Blocked() { throw new Error('blocked'); }, fetch: http.fetch },
  });
  await clock.advance(0);
  const es = FakeEventSource.last();
  assert.ok(es, 'an EventSource was opened');
  assert.equal(es.url.pathname, '/app/sse');
  assert.equal(es.url.searchParams.get('access_token'), 'tok');
  assert.equal(es.url.searchParams.get('rooms'), 'r1');
  es.deliver(welcome('sse-1', { transport: 'sse' }), event('e1'));
  assert.deepEqual(statuses.slice(-1), ['open/sse']);
  assert.equal((await h.join('r2')).rooms.length, 2);
  const post = http.requests[0];
  assert.equal(post.url.pathname, '/app/api/v1/sessions/sse-1/actions');
  assert.equal(post.method, 'POST');
  assert.equal(post.headers.Authorization, 'Bearer tok');
  assert.equal(post.body.action, 'join');
  es.deliver({ type: 'close', code: 4508, reason: 'slow consumer' });
  assert.ok(es.closed, "the EventSource is closed: its own reconnect never runs");
  assert.equal(h.status.state, 'reconnecting');
  await clock.advance(h.status.retryInMs);
  const again = FakeEventSource.last();
  assert.notEqual(again, es);
  assert.equal(again.url.searchParams.get('since'), 'e1');
  assert.equal(again.url.searchParams.get('rooms'), 'r1,r2');
  again.deliver(welcome('sse-2', { transport: 'sse' }), event('e1'), event('e2'));
  assert.deepEqual(events, ['e1', 'e2']);
  assert.equal(FakeSocket.all.length, 0, 'the transport that worked is kept for reconnects');
});

test('a transport that carries no welcome within 5 s hands over to the next; the SSE error event too', async () => {
  const polls = [];
  const http = fakeFetch((req) => { polls.push(req); return new Promise(() => {}); });
  const { statuses } = connect({ env: { fetch: http.fetch } });
  await settle();
  assert.equal(FakeSocket.all.length, 1);
  await clock.advance(5000);
  assert.ok(FakeSocket.last().closedWith, 'the silent socket is closed');
  assert.equal(FakeEventSource.all.length, 1);
  FakeEventSource.last().fail();
  await clock.advance(0);
  assert.equal(polls.length, 1);
  assert.equal(polls[0].url.pathname, '/app/api/v1/poll');
  assert.deepEqual(statuses, ['connecting/websocket', 'connecting/sse', 'connecting/poll'], 'a fallback is still the first connect');
});

test('long polling: welcome and events from the first answer, the session polled on; a close frame resumes with since', async () => {
  const answers = [
    { body: { session: 'p1', frames: [welcome('p1', { transport: 'poll' }), event('e1')] } },
    { body: { session: 'p1', frames: [event('e2')] } },
    { body: { session: 'p1', frames: [{ type: 'close', code: 4408, reason: 'idle' }] } },
    { body: { session: 'p2', frames: [welcome('p2', { transport: 'poll' }), event('e2'), event('e3')] } },
  ];
  const http = fakeFetch(() => answers.shift() ?? new Promise(() => {}));
  const { h, events, statuses } = connect({ transports: ['poll'], types: ['face.*'], env: { fetch: http.fetch } });
  await clock.advance(0);
  const [open, next] = http.requests;
  assert.equal(open.url.searchParams.get('session'), null);
  assert.equal(open.url.searchParams.get('types'), 'face.*');
  assert.equal(open.url.searchParams.get('wait'), '25');
  assert.equal(open.url.searchParams.get('access_token'), null, 'the token goes in the header');
  assert.equal(open.headers.Authorization, 'Bearer tok');
  assert.equal(next.url.searchParams.get('session'), 'p1');
  assert.deepEqual(statuses.slice(0, 3), ['connecting/poll', 'open/poll', 'reconnecting/poll']);
  await clock.advance(1000);
  assert.equal(http.requests[3].url.searchParams.get('since'), 'e2');
  assert.deepEqual(events, ['e1', 'e2', 'e3']);
  assert.equal(h.status.state, 'open');
});

test('long polling: 401 asks for a fresh token, 403 closes with the server message', async () => {
  const tokens = ['t1', 't2'];
  let n = 0;
  const http = fakeFetch((req) => (++n === 1
    ? { status: 401, body: { error: 'unauthorized', message: 'token expired' } }
    : { status: 403, body: { error: 'forbidden', message: 'tenant t1 is disabled' } }));
  const { h } = connect({ token: undefined, tokenProvider: async () => tokens.shift(), transports: ['poll'], env: { fetch: http.fetch } });
  await clock.advance(5000);
  assert.equal(http.requests[0].headers.Authorization, 'Bearer t1');
  assert.equal(http.requests[1].headers.Authorization, 'Bearer t2');
  assert.equal(h.status.state, 'closed');
  assert.equal(h.status.reason, 'tenant t1 is disabled');
});

test('token refresh before exp through the auth action; the new token is used from then on', async () => {
  const exp = (s) => jwt({ sub: 'alice', exp: Math.floor(clock.now / 1000) + s });
  const first = exp(120);
  const fresh = exp(3600);
  const { h } = connect({ token: first, tokenProvider: async () => fresh });
  await settle();
  const ws = FakeSocket.last();
  ws.deliver(welcome());
  await clock.advance(59000);
  assert.equal(ws.sent.length, 0);
  await clock.advance(1000);
  const auth = ws.sent.at(-1);
  assert.deepEqual({ action: auth.action, token: auth.token }, { action: 'auth', token: fresh });
  ws.deliver({ type: 'reply', ref: auth.ref, action: 'auth', ok: true, data: { expires_at: 'later' } });
  await settle();
  ws.drop(1006);
  await clock.advance(h.status.retryInMs);
  assert.equal(FakeSocket.last().url.searchParams.get('access_token'), fresh);
});

test('offline stops trying and says so; online reconnects at once', async () => {
  const listeners = {};
  const win = { addEventListener: (t, fn) => { listeners[t] = fn; }, removeEventListener: (t) => { delete listeners[t]; } };
  let online = true;
  const { h, statuses } = connect({ env: { window: win, online: () => online } });
  await settle();
  FakeSocket.last().deliver(welcome(), event('e1'));
  online = false;
  listeners.offline();
  assert.equal(h.status.state, 'offline');
  await clock.advance(120000);
  assert.equal(FakeSocket.all.length, 1);
  online = true;
  listeners.online();
  await settle();
  assert.equal(FakeSocket.all.length, 2);
  assert.equal(FakeSocket.last().url.searchParams.get('since'), 'e1');
  FakeSocket.last().deliver(welcome('s2'));
  assert.deepEqual(statuses, ['connecting/websocket', 'open/websocket', 'offline/websocket', 'reconnecting/websocket', 'open/websocket']);
  h.close();
  assert.deepEqual(Object.keys(listeners), []);
});

test('a long poll unanswered past its wait and the grace is given up and resumed with since', async () => {
  const answers = [{ body: { session: 'p1', frames: [welcome('p1'), event('e1')] } }];
  const http = fakeFetch(() => answers.shift() ?? new Promise(() => {}));   // then the network hangs
  const { h } = connect({ transports: ['poll'], env: { fetch: http.fetch } });
  await clock.advance(0);
  assert.equal(http.requests.length, 2);
  await clock.advance(25000 + 10000 - 1);
  assert.equal(h.status.state, 'open');
  await clock.advance(1);
  assert.equal(h.status.state, 'reconnecting');
  assert.equal(h.status.reason, 'poll unanswered');
  await clock.advance(h.status.retryInMs);
  assert.equal(http.requests.length, 3);
  assert.equal(http.requests[2].url.searchParams.get('since'), 'e1');
  assert.equal(http.requests[2].url.searchParams.get('session'), null);
});

test('online while waiting out a backoff retries at once', async () => {
  const listeners = {};
  const win = { addEventListener: (t, fn) => { listeners[t] = fn; }, removeEventListener: (t) => { delete listeners[t]; } };
  const { h } = connect({ transports: ['websocket'], env: { window: win } });
  await settle();
  for (let i = 0; i < 6; i++) { FakeSocket.last().drop(1006); await clock.advance(h.status.retryInMs); }
  FakeSocket.last().drop(1006);
  assert.ok(h.status.retryInMs >= 8000);
  const count = FakeSocket.all.length;
  listeners.online();
  await settle();
  assert.equal(FakeSocket.all.length, count + 1);
});

test('over SSE: the token refresh goes through the actions endpoint with the old token; a 4403 close frame ends it', async () => {
  const exp = (s) => jwt({ sub: 'alice', exp: Math.floor(clock.now / 1000) + s });
  const first = exp(120);
  const fresh = exp(3600);
  const http = fakeFetch((req) => ({ status: 200, body: { type: 'reply', ref: req.body.ref, action: 'auth', ok: true, data: {} } }));
  const { h } = connect({ token: first, tokenProvider: async () => fresh, transports: ['sse'], env: { fetch: http.fetch } });
  await settle();
  FakeEventSource.last().deliver(welcome('sse-1'));
  await clock.advance(60000);
  assert.equal(http.requests.length, 1);
  const [auth] = http.requests;
  assert.equal(auth.url.pathname, '/app/api/v1/sessions/sse-1/actions');
  assert.equal(auth.headers.Authorization, `Bearer ${first}`);
  assert.deepEqual({ action: auth.body.action, token: auth.body.token }, { action: 'auth', token: fresh });
  await settle();
  await h.emit('r', 'typing').catch(() => {});
  assert.equal(http.requests[1].headers.Authorization, `Bearer ${fresh}`, 'later actions carry the new token');
  FakeEventSource.last().deliver({ type: 'close', code: 4403, reason: 'tenant disabled' });
  assert.deepEqual({ state: h.status.state, code: h.status.code, reason: h.status.reason }, { state: 'closed', code: 4403, reason: 'tenant disabled' });
  assert.ok(FakeEventSource.last().closed);
});

test('an error frame that answers no action goes to on("error"); an HTTP refusal of an action rejects with its code', async () => {
  const http = fakeFetch(() => ({ status: 404, body: { error: 'not_found', message: 'no such session' } }));
  const { h } = connect({ transports: ['sse'], env: { fetch: http.fetch } });
  await settle();
  const errors = [];
  const all = [];
  h.on('error', (f) => errors.push(f.code));
  h.on('*', (f) => all.push(f.type));
  FakeEventSource.last().deliver(welcome('sse-1'), { type: 'error', code: 'bad_frame', message: 'rooms: bad value' });
  assert.deepEqual(errors, ['bad_frame']);
  assert.deepEqual(all, [], "'*' is for events and messages, not errors");
  await assert.rejects(h.join('r'), { code: 'not_found', message: 'no such session' });
  assert.deepEqual(h.rooms, []);
});

test("a drop before the first event resumes from the welcome's last_id; a reset before any event moves the point there", async () => {
  const { h, events } = connect();
  await settle();
  FakeSocket.last().deliver(welcome('s1', { last_id: 'e0' }));
  assert.equal(h.lastEventId, 'e0');
  FakeSocket.last().drop(1006);
  await clock.advance(250);
  const second = FakeSocket.last();
  assert.equal(second.url.searchParams.get('since'), 'e0', 'nothing published while away is lost');
  second.deliver(welcome('s2', { last_id: 'e5' }), { type: 'reset', since: 'e0', oldest: 'e3' });
  assert.equal(h.lastEventId, 'e5', 'after a reset the session goes on from its own accept point');
  second.deliver(event('e6'), { type: 'reset', since: 'e1', oldest: 'e3' });
  assert.equal(h.lastEventId, 'e6', 'a reset after an event keeps the last event as the point');
  assert.deepEqual(events, ['e6']);
});
