// herald.js: Herald's JavaScript client. One ES module, no dependencies; served by Herald at GET /herald.js.
// Reconnects with backoff and full jitter, rejoins rooms, restores subscriptions and resumes from the last event id
// (every event exactly once, in order, within the server's replay window), refreshes the token in-band, and falls
// back from WebSocket to server-sent events to long polling. The contract it speaks: Herald's README.
// The pure parts (backoff, dedupe window, status machine, frame routing, type matching, close decisions) are
// exported on their own so they can be tested without a browser.

export const VERSION = '1.0.0';
/** The sub-protocol asked for on the socket: several frames per WebSocket message, one per line. */
export const SUB_PROTOCOL = 'herald.v1.ndjson';

/** Every default in one place (README of this package: "Options"). */
export const DEFAULTS = Object.freeze({
  transports: Object.freeze(['websocket', 'sse', 'poll']),
  backoffBaseMs: 500,        // the first retry waits up to this long (full jitter: a random share of it)
  backoffCapMs: 30000,       // no retry waits longer than this
  welcomeTimeoutMs: 5000,    // a transport that carries no welcome this long counts as blocked: try the next one
  actionTimeoutMs: 10000,    // join, leave, subscribe, emit, auth: rejected with 'timeout' after this
  callTimeoutMs: 15000,      // call: a little longer than the server's own herald.call.timeout (10 s)
  pollWaitSeconds: 25,       // long poll: the server answers after this at the latest (max 30)
  pollGraceMs: 10000,        // a poll unanswered this long after its wait is given up (a dead network): reconnect
  recentIds: 1000,           // event ids remembered to drop duplicates
  refreshMarginMs: 60000,    // a token is refreshed this long before its exp (at most half its remaining life)
});

export const Status = Object.freeze({
  CONNECTING: 'connecting', OPEN: 'open', RECONNECTING: 'reconnecting', OFFLINE: 'offline', CLOSED: 'closed',
});

// ---------------------------------------------------------------------------------------------------------------
// Pure parts

/**
 * Exponential backoff with full jitter: a random delay in [0, min(cap, base * 2^attempt)).
 * @param {number} attempt 0 for the first retry
 * @param {{backoffBaseMs?: number, backoffCapMs?: number}} [limits]
 * @param {() => number} [random] in [0, 1)
 */
export function backoffDelay(attempt, limits = DEFAULTS, random = Math.random) {
  const base = limits.backoffBaseMs ?? DEFAULTS.backoffBaseMs;
  const cap = limits.backoffCapMs ?? DEFAULTS.backoffCapMs;
  const ceiling = Math.min(cap, base * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.floor(random() * ceiling);
}

/** Whether an event type matches a pattern: exact, a prefix ending in `*` (`alert.*`), or `*` for all. */
export function matchesType(pattern, type) {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return typeof type === 'string' && type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/**
 * The ids of the last `capacity` events seen, to drop duplicates: ids are opaque, so they are remembered, never
 * compared. Memory is bounded: the oldest id is forgotten when one more is added.
 */
export class RecentIds {
  #ids = new Set();
  #capacity;

  constructor(capacity = DEFAULTS.recentIds) {
    this.#capacity = Math.max(1, capacity);
  }

  /** @returns {boolean} true when the id is new (and now remembered), false for a duplicate */
  add(id) {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.#capacity) this.#ids.delete(this.#ids.values().next().value);
    return true;
  }

  has(id) {
    return this.#ids.has(id);
  }

  get size() {
    return this.#ids.size;
  }
}

/** Frames of one message: one JSON object per non-empty line (herald.v1.ndjson; herald.v1.json is one line). */
export function parseFrames(text) {
  const frames = [];
  for (const line of String(text).split('\n')) {
    if (!line.trim()) continue;
    try {
      const frame = JSON.parse(line);
      if (frame && typeof frame === 'object' && !Array.isArray(frame)) frames.push(frame);
    } catch {
      // not JSON: nothing Herald sends; ignored rather than taking the connection down
    }
  }
  return frames;
}

const KNOWN_TRANSPORTS = ['websocket', 'sse', 'poll'];
const CONTROL_TYPES = new Set(['welcome', 'reply', 'error', 'pong', 'reset', 'drain', 'close']);

/**
 * What a server frame is for the client: one of the control types above; `event` for an event of the tenant's
 * stream (it has an `id`: deduplicated, and the resume point); `message` for everything else the application
 * receives without an id (presence, user:status, client events).
 */
export function frameKind(frame) {
  if (CONTROL_TYPES.has(frame.type)) return frame.type;
  return typeof frame.id === 'string' ? 'event' : 'message';
}

/**
 * What to do when a connection ends with this code (a WebSocket close code, the code of an SSE or poll `close`
 * frame, or an HTTP status mapped by httpStatusCode): `reconnect`, `refresh` (the credential expired or was
 * revoked: ask the tokenProvider for a fresh token, stop when there is none), or `stop` (forbidden: 4403).
 */
export function closeAction(code) {
  if (code === 4401 || code === 1008) return 'refresh';
  if (code === 4403) return 'stop';
  return 'reconnect';
}

/** An HTTP refusal as the close code it means: 401 → 4401, 403 → 4403, else 1006 (try again). */
export function httpStatusCode(status) {
  if (status === 401) return 4401;
  if (status === 403) return 4403;
  return 1006;
}

const TRANSITIONS = {
  connecting: { welcome: 'open', lost: 'reconnecting', offline: 'offline', close: 'closed' },
  open: { lost: 'reconnecting', offline: 'offline', close: 'closed' },
  reconnecting: { welcome: 'open', lost: 'reconnecting', offline: 'offline', close: 'closed' },
  offline: { online: 'reconnecting', close: 'closed' },
  closed: {},
};

/**
 * The status machine: the state after `signal` (`welcome`, `lost`, `offline`, `online`, `close`) in `state`.
 * A signal that does not apply leaves the state as it is; `closed` is final.
 */
export function nextState(state, signal) {
  return TRANSITIONS[state]?.[signal] ?? state;
}

/** The `exp` of a JWT in epoch milliseconds, or null (not a JWT, no exp). Decoded only, never verified. */
export function tokenExpiry(jwt) {
  if (typeof jwt !== 'string') return null;
  const part = jwt.split('.')[1];
  if (!part) return null;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const json = decodeURIComponent(Array.from(atob(b64), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    const exp = JSON.parse(json).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** How long to wait before refreshing a token that expires at `expMs`: margin before exp, at most half its life. */
export function refreshDelay(expMs, nowMs, marginMs = DEFAULTS.refreshMarginMs) {
  const left = expMs - nowMs;
  return Math.max(0, left - Math.min(marginMs, left / 2));
}

/**
 * The order transports are tried in. A transport that fails before its welcome (cannot be opened, or carries
 * nothing) hands over to the next one at once; when every one has failed since the last success, the caller backs
 * off and the next round starts from the first (best) one again, so that a server back from a restart is tried
 * over WebSocket first, not only over whichever fallback came next. A transport that worked is kept for reconnects
 * after a drop.
 */
export class TransportLadder {
  #list;
  #index = 0;
  #failures = 0;

  constructor(transports = DEFAULTS.transports) {
    this.#list = [...transports];
    if (!this.#list.length) throw new TypeError('no transport to use');
    for (const t of this.#list) if (!KNOWN_TRANSPORTS.includes(t)) throw new TypeError(`unknown transport ${t}`);
  }

  get current() {
    return this.#list[this.#index];
  }

  /** @returns {boolean} true when every transport has failed since the last success (time to back off) */
  failed() {
    this.#index = (this.#index + 1) % this.#list.length;
    this.#failures += 1;
    if (this.#failures < this.#list.length) return false;
    this.#failures = 0;
    this.#index = 0;
    return true;
  }

  succeeded() {
    this.#failures = 0;
  }
}

/** A refused or failed action: `code` is Herald's error code (`forbidden`, `timeout`, …) or the client's own. */
export class HeraldError extends Error {
  constructor(code, message, frame) {
    super(message || code);
    this.name = 'HeraldError';
    this.code = code;
    this.frame = frame;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Transports: each opens one server session and tells the client of its frames and of its end, once.
// ctx: { env, url(path, withToken), headers(), frames(list), lost(code, reason, retryAfterMs?), post(frame) }

function later(ctx, fn) {
  ctx.env.setTimeout(fn, 0);
  return { send() { throw new HeraldError('disconnected', 'not connected'); }, close() {} };
}

function webSocketTransport(ctx) {
  let ws;
  try {
    const url = new URL(ctx.url('ws', true));
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = new ctx.env.WebSocket(url.href, [SUB_PROTOCOL]);
  } catch (e) {
    return later(ctx, () => ctx.lost(1006, `WebSocket unavailable: ${e.message}`));
  }
  ws.onmessage = (m) => { if (typeof m.data === 'string') ctx.frames(parseFrames(m.data)); };
  ws.onclose = (e) => ctx.lost(e.code || 1006, e.reason || 'connection closed');
  return {
    send(frame) { ws.send(JSON.stringify(frame)); },
    close() {
      ws.onmessage = ws.onclose = ws.onerror = null;
      try { ws.close(1000); } catch { /* already closing */ }
    },
  };
}

function sseTransport(ctx) {
  let es;
  try {
    es = new ctx.env.EventSource(ctx.url('sse', true));
  } catch (e) {
    return later(ctx, () => ctx.lost(1006, `EventSource unavailable: ${e.message}`));
  }
  es.onmessage = (m) => ctx.frames(parseFrames(m.data));
  // EventSource would reconnect on its own, without our since, token or backoff: close it and reconnect ourselves.
  es.onerror = () => { es.close(); ctx.lost(1006, 'event stream failed'); };
  return {
    send: (frame) => ctx.post(frame),
    close() { es.onmessage = es.onerror = null; es.close(); },
  };
}

function pollTransport(ctx) {
  const abort = typeof AbortController === 'function' ? new AbortController() : null;
  let stopped = false;
  const wait = ctx.options.pollWaitSeconds;
  (async () => {
    let url = `${ctx.url('api/v1/poll', false)}&wait=${wait}`;
    while (!stopped) {
      let res;
      let body;
      let guard;
      const unanswered = new Promise((_, reject) => {
        guard = ctx.env.setTimeout(() => { abort?.abort(); reject(new Error('poll unanswered')); }, wait * 1000 + ctx.options.pollGraceMs);
      });
      try {
        res = await Promise.race([ctx.env.fetch(url, { headers: ctx.headers(), signal: abort?.signal, cache: 'no-store' }), unanswered]);
        body = await Promise.race([res.json().catch(() => null), unanswered]);
      } catch (e) {
        if (!stopped) ctx.lost(1006, e.message === 'poll unanswered' ? e.message : 'poll failed');
        return;
      } finally {
        ctx.env.clearTimeout(guard);
      }
      if (stopped) return;
      if (res.status !== 200 || !body || !Array.isArray(body.frames)) {
        const retry = Number(res.headers?.get?.('Retry-After'));
        ctx.lost(httpStatusCode(res.status), body?.message || `poll answered ${res.status}`, retry > 0 ? retry * 1000 : undefined);
        return;
      }
      url = `${ctx.base}api/v1/poll?session=${encodeURIComponent(body.session)}&wait=${wait}`;
      ctx.frames(body.frames);
    }
  })();
  return {
    send: (frame) => ctx.post(frame),
    close() { stopped = true; abort?.abort(); },
  };
}

const TRANSPORTS = { websocket: webSocketTransport, sse: sseTransport, poll: pollTransport };

// ---------------------------------------------------------------------------------------------------------------
// The client

function defaultEnv() {
  const g = globalThis;
  return {
    get WebSocket() { return g.WebSocket; },
    get EventSource() { return g.EventSource; },
    fetch: (...args) => g.fetch(...args),
    setTimeout: (fn, ms) => g.setTimeout(fn, ms),
    clearTimeout: (t) => g.clearTimeout(t),
    random: Math.random,
    now: Date.now,
    window: typeof g.addEventListener === 'function' ? g : null,
    online: () => g.navigator?.onLine !== false,
  };
}

function baseUrl(url) {
  const here = globalThis.location?.href ?? import.meta.url;
  const u = new URL(url ?? './', here);
  if (u.protocol === 'ws:') u.protocol = 'http:';
  if (u.protocol === 'wss:') u.protocol = 'https:';
  u.search = '';
  u.hash = '';
  u.pathname = u.pathname.replace(/\/ws$/, '/');
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u.href;
}

/** Timers beyond this many ms fire at once in browsers (a signed 32-bit delay): refreshes are clamped to it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A connection to Herald that stays connected. Create it with Herald.connect. Not thread-aware: it lives on the
 * page's event loop; every callback is called there, one at a time, and a throwing callback is logged and does not
 * stop the others.
 */
export class Herald {
  /**
   * @param {string} [url] where Herald is deployed (its context root, http(s) or ws(s)); default: where herald.js
   *   was loaded from
   * @param {object} [options] see herald.d.ts (ConnectOptions)
   */
  static connect(url, options = {}) {
    const h = new Herald(url, options);
    h.#connect();
    return h;
  }

  #options;
  #env;
  #base;
  #token;
  #tokenProvider;
  #rooms;
  #types;
  #lastId = null;
  #eventSinceWelcome = false;
  #recent;
  #handlers = [];
  #statusFns = new Set();
  #resetFns = new Set();
  #status;
  #ladder;
  #attempt = 0;
  #generation = 0;
  #conn = null;
  #welcome = null;
  #welcomeTimer = null;
  #retryTimer = null;
  #refreshTimer = null;
  #drainRetryMs = null;
  #pending = new Map();
  #queue = [];
  #refs = 0;
  #onOnline = () => this.#online();
  #onOffline = () => this.#offline();

  constructor(url, options = {}) {
    this.#options = { ...DEFAULTS, ...options };
    this.#env = { ...defaultEnv(), ...(options.env ?? {}) };
    if (options.env && !('online' in options.env)) this.#env.online = () => true;
    this.#base = baseUrl(url);
    this.#token = options.token ?? null;
    this.#tokenProvider = options.tokenProvider ?? null;
    this.#rooms = new Set(options.rooms ?? []);
    this.#types = options.types ? [...options.types] : null;
    this.#recent = new RecentIds(this.#options.recentIds);
    this.#ladder = new TransportLadder(this.#options.transports);
    if (options.since) this.#lastId = options.since;
    this.#status = Object.freeze({ state: Status.CONNECTING, transport: this.#ladder.current, code: null, reason: null, retryInMs: null });
    this.#env.window?.addEventListener('online', this.#onOnline);
    this.#env.window?.addEventListener('offline', this.#onOffline);
  }

  // ---- public API

  /** The current status: {state, transport, code, reason, retryInMs}. */
  get status() { return this.#status; }
  /** The welcome frame of the open session ({session, user, tenant, transport, …}), or null while not open. */
  get session() { return this.#welcome; }
  /** The id of the last event received: where a reconnect resumes. */
  get lastEventId() { return this.#lastId; }
  /** The rooms this client is in (rejoined on every reconnect). */
  get rooms() { return [...this.#rooms]; }
  /** The type patterns of the server-side subscription (null: every type), restored on every reconnect. */
  get types() { return this.#types ? [...this.#types] : null; }

  /**
   * Calls fn(frame) for every event, presence, user:status and client event whose type matches `type` (exact, a
   * prefix ending in `*`, or `*`), each event once. on('error') (only that exact name) receives error frames that
   * answer no action, e.g. a bad `rooms` value at connect.
   * @returns {() => void} unsubscribe
   */
  on(type, fn) {
    const entry = { type, fn };
    this.#handlers.push(entry);
    return () => { this.#handlers = this.#handlers.filter((e) => e !== entry); };
  }

  /** Calls fn(status) now and on every change. @returns {() => void} unsubscribe */
  onStatus(fn) {
    this.#statusFns.add(fn);
    this.#safely(fn, this.#status);
    return () => this.#statusFns.delete(fn);
  }

  /** Calls fn(resetFrame) when events asked for are no longer kept: reload the state you built from events. */
  onReset(fn) {
    this.#resetFns.add(fn);
    return () => this.#resetFns.delete(fn);
  }

  /** Joins a room; resolves with the reply's data ({room, rooms, members?}). Rejoined on every reconnect. */
  join(room, meta) {
    const frame = { action: 'join', room };
    if (meta !== undefined) frame.meta = meta;
    return this.#request(frame).then((data) => { this.#rooms.add(room); return data; });
  }

  /** Leaves a room; resolves with the reply's data. */
  leave(room) {
    return this.#request({ action: 'leave', room }).then(
      (data) => { this.#rooms.delete(room); return data; },
      (e) => { if (e.code === 'not_found') this.#rooms.delete(room); throw e; });
  }

  /** Adds type patterns to the server-side subscription; resolves with {types}. Restored on every reconnect. */
  subscribe(types) {
    return this.#request({ action: 'subscribe', types: [...types] }).then((data) => this.#keepTypes(data));
  }

  /** Removes type patterns from the server-side subscription; resolves with {types}. */
  unsubscribe(types) {
    return this.#request({ action: 'unsubscribe', types: [...types] }).then((data) => this.#keepTypes(data));
  }

  /** A client event to the room's other members; resolves with {room, type, recipients}. */
  emit(room, type, data) {
    return this.#request({ action: 'emit', room, type, data });
  }

  /** Calls a @HeraldCall method; resolves with what it returned, rejects with a HeraldError of its code. */
  call(method, data, { timeoutMs } = {}) {
    return this.#request({ action: 'call', method, data }, timeoutMs ?? this.#options.callTimeoutMs);
  }

  /** Ends the connection for good: status `closed`, pending actions rejected with `closed`. Idempotent. */
  close() {
    if (this.#status.state !== Status.CLOSED) this.#stop(1000, 'closed by the client');
  }

  // ---- connecting

  async #connect() {
    if (this.#status.state === Status.CLOSED) return;
    if (!this.#env.online()) {
      this.#setStatus('offline', { reason: 'the browser is offline' });
      return;
    }
    const generation = ++this.#generation;
    const kind = this.#ladder.current;
    if (this.#tokenProvider && this.#tokenStale()) {
      const fresh = await this.#freshToken();
      if (generation !== this.#generation) return;
      if (!fresh && !this.#token) {
        this.#stop(4401, 'the tokenProvider gave no token');
        return;
      }
    }
    if (this.#status.transport !== kind) this.#replaceStatus({ transport: kind });
    const ctx = {
      env: this.#env,
      options: this.#options,
      base: this.#base,
      url: (path, withToken) => this.#url(path, withToken),
      headers: () => this.#headers(),
      frames: (frames) => { for (const f of frames) if (generation === this.#generation) this.#onFrame(f, generation); },
      lost: (code, reason, retryAfterMs) => { if (generation === this.#generation) this.#lost(code, reason, retryAfterMs); },
      post: (frame) => this.#post(frame),
    };
    this.#welcome = null;
    this.#conn = TRANSPORTS[kind](ctx);
    this.#welcomeTimer = this.#env.setTimeout(() => {
      if (generation === this.#generation && !this.#welcome) this.#lost(1006, `no welcome over ${kind} within ${this.#options.welcomeTimeoutMs} ms`);
    }, this.#options.welcomeTimeoutMs);
  }

  #url(path, withToken) {
    const q = new URLSearchParams();
    if (this.#rooms.size) q.set('rooms', [...this.#rooms].join(','));
    if (this.#types && this.#types.length) q.set('types', this.#types.join(','));
    if (this.#lastId) q.set('since', this.#lastId);
    if (withToken && this.#token) q.set('access_token', this.#token);
    return `${this.#base}${path}?${q}`;
  }

  #headers() {
    return this.#token ? { Authorization: `Bearer ${this.#token}` } : {};
  }

  #welcomed(frame) {
    this.#env.clearTimeout(this.#welcomeTimer);
    this.#welcome = frame;
    this.#eventSinceWelcome = false;
    // a client dropped before its first event resumes from the point the server accepted it at, missing nothing
    if (!this.#lastId && frame.last_id) this.#lastId = frame.last_id;
    this.#ladder.succeeded();
    this.#attempt = 0;
    this.#drainRetryMs = null;
    this.#setStatus('welcome', { transport: frame.transport ?? this.#ladder.current });
    this.#scheduleRefresh();
    const queued = this.#queue;
    this.#queue = [];
    for (const ref of queued) this.#send(ref);
  }

  #lost(code, reason, retryAfterMs) {
    const welcomed = this.#welcome !== null;
    this.#teardown('disconnected', `connection lost (${code})`);
    const action = closeAction(code);
    if (action === 'stop') return this.#stop(code, reason);
    let delay;
    if (action === 'refresh') {
      delay = backoffDelay(this.#attempt++, this.#options, this.#env.random);
    } else if (!welcomed && !this.#ladder.failed()) {
      // blocked or silent: the next transport, at once; still connecting (or reconnecting), only the transport changes
      this.#replaceStatus({ transport: this.#ladder.current, code, reason, retryInMs: 0 });
      return this.#retryIn(0);
    } else if (this.#drainRetryMs !== null || retryAfterMs) {
      const after = this.#drainRetryMs ?? retryAfterMs;
      delay = after + backoffDelay(0, this.#options, this.#env.random);
      this.#drainRetryMs = null;
    } else {
      delay = backoffDelay(this.#attempt++, this.#options, this.#env.random);
    }
    this.#setStatus('lost', { code, reason, retryInMs: delay, transport: this.#ladder.current });
    if (action === 'refresh') return this.#refreshThenRetry(code, reason, delay);
    this.#retryIn(delay);
  }

  async #refreshThenRetry(code, reason, delay) {
    const generation = this.#generation;
    const fresh = this.#tokenProvider ? await this.#freshToken() : null;
    if (generation !== this.#generation || this.#status.state === Status.CLOSED) return;
    if (!fresh) return this.#stop(code, `${reason}; no fresh token`);
    this.#retryIn(delay);
  }

  #retryIn(delay) {
    this.#clearTimer('retry');
    this.#retryTimer = this.#env.setTimeout(() => { this.#retryTimer = null; this.#connect(); }, delay);
  }

  #stop(code, reason) {
    this.#teardown('closed', reason);
    this.#clearTimer('refresh');
    this.#env.window?.removeEventListener('online', this.#onOnline);
    this.#env.window?.removeEventListener('offline', this.#onOffline);
    for (const ref of [...this.#pending.keys()]) this.#settle(ref, new HeraldError('closed', reason));
    this.#setStatus('close', { code, reason });
  }

  /** Ends the current transport, if any; actions it carried without an answer are rejected with `code`. */
  #teardown(code, message) {
    this.#generation += 1;
    this.#env.clearTimeout(this.#welcomeTimer);
    this.#clearTimer('retry');
    const conn = this.#conn;
    this.#conn = null;
    this.#welcome = null;
    conn?.close();
    for (const [ref, p] of [...this.#pending]) if (p.sent) this.#settle(ref, new HeraldError(code, message));
  }

  #offline() {
    if (this.#status.state === Status.CLOSED || this.#status.state === Status.OFFLINE) return;
    this.#teardown('disconnected', 'the browser went offline');
    this.#setStatus('offline', { reason: 'the browser is offline' });
  }

  #online() {
    if (this.#status.state === Status.RECONNECTING && this.#retryTimer !== null) {  // waiting out a backoff: try now
      this.#clearTimer('retry');
      this.#connect();
      return;
    }
    if (this.#status.state !== Status.OFFLINE) return;
    this.#attempt = 0;
    this.#setStatus('online', { reason: 'back online' });
    this.#connect();
  }

  // ---- tokens

  #tokenStale() {
    if (!this.#token) return true;
    const exp = tokenExpiry(this.#token);
    return exp !== null && exp - this.#env.now() < this.#options.backoffBaseMs * 2;
  }

  async #freshToken() {
    try {
      const t = await this.#tokenProvider();
      if (typeof t === 'string' && t) {
        this.#token = t;
        return t;
      }
    } catch (e) {
      console.warn('herald.js: the tokenProvider failed', e);
    }
    return null;
  }

  #scheduleRefresh() {
    this.#clearTimer('refresh');
    const exp = tokenExpiry(this.#token);
    if (!this.#tokenProvider || exp === null) return;
    const delay = Math.min(MAX_TIMER_MS, refreshDelay(exp, this.#env.now(), this.#options.refreshMarginMs));
    this.#refreshTimer = this.#env.setTimeout(() => this.#refresh(), delay);
  }

  async #refresh() {
    this.#refreshTimer = null;
    let token;
    try {
      token = await this.#tokenProvider();
    } catch (e) {
      console.warn('herald.js: the tokenProvider failed', e);
    }
    if (typeof token !== 'string' || !token || this.#status.state === Status.CLOSED) return;
    if (this.#status.state !== Status.OPEN) {                     // nothing to extend: the next connect uses it
      this.#token = token;
      return;
    }
    try {
      await this.#request({ action: 'auth', token });
      this.#token = token;
      this.#scheduleRefresh();
    } catch (e) {
      console.warn(`herald.js: auth refused (${e.code}); the session ends at its token's exp`, e);
    }
  }

  // ---- actions

  #request(frame, timeoutMs = this.#options.actionTimeoutMs) {
    if (this.#status.state === Status.CLOSED) return Promise.reject(new HeraldError('closed', 'the client is closed'));
    const ref = `h${++this.#refs}`;
    const out = { ...frame, ref };
    return new Promise((resolve, reject) => {
      const timer = this.#env.setTimeout(
        () => this.#settle(ref, new HeraldError('timeout', `no answer to ${frame.action} within ${timeoutMs} ms`)), timeoutMs);
      this.#pending.set(ref, { frame: out, resolve, reject, timer, sent: false });
      if (this.#status.state === Status.OPEN && this.#conn) this.#send(ref);
      else this.#queue.push(ref);
    });
  }

  #send(ref) {
    const p = this.#pending.get(ref);
    if (!p) return;
    p.sent = true;
    try {
      const answer = this.#conn.send(p.frame);
      if (answer && typeof answer.then === 'function') answer.catch((e) => this.#settle(ref, e));
    } catch (e) {
      this.#settle(ref, e instanceof HeraldError ? e : new HeraldError('disconnected', e.message));
    }
  }

  /** An action over HTTP (SSE and poll sessions): the answer is the very frame the socket would have sent. */
  async #post(frame) {
    const session = this.#welcome?.session;
    if (!session) throw new HeraldError('disconnected', 'no session yet');
    let res;
    try {
      res = await this.#env.fetch(`${this.#base}api/v1/sessions/${encodeURIComponent(session)}/actions`, {
        method: 'POST', headers: { ...this.#headers(), 'Content-Type': 'application/json' }, body: JSON.stringify(frame),
      });
    } catch (e) {
      throw new HeraldError('disconnected', `action failed: ${e.message}`);
    }
    const body = await res.json().catch(() => null);
    if (body && body.ref === frame.ref && typeof body.type === 'string') {
      this.#onFrame(body, -1);   // reply, pong or error: settles the action; never a stream's frame
      return;
    }
    throw new HeraldError(body?.code || body?.error || `http_${res.status}`, body?.message || `action answered ${res.status}`, body);
  }

  #settle(ref, error, data) {
    const p = this.#pending.get(ref);
    if (!p) return;
    this.#pending.delete(ref);
    this.#env.clearTimeout(p.timer);
    const i = this.#queue.indexOf(ref);
    if (i >= 0) this.#queue.splice(i, 1);
    if (error) p.reject(error);
    else p.resolve(data);
  }

  #keepTypes(data) {
    if (data && Array.isArray(data.types)) this.#types = data.types.length ? [...data.types] : null;
    return data;
  }

  // ---- frames

  #onFrame(frame, generation) {
    switch (frameKind(frame)) {
      case 'welcome': return this.#welcomed(frame);
      case 'reply': return this.#settle(frame.ref, null, frame.data);
      case 'pong': return this.#settle(frame.ref, null, frame);
      case 'error':
        if (frame.ref && this.#pending.has(frame.ref)) return this.#settle(frame.ref, new HeraldError(frame.code, frame.message, frame));
        for (const { type, fn } of [...this.#handlers]) if (type === 'error') this.#safely(fn, frame);   // not to '*'
        return undefined;
      case 'reset':
        // what was asked for is gone and the session goes on from its accept point: before any event came over this
        // session, that is the resume point now (after one, the last event's id still is)
        if (this.#welcome?.last_id && !this.#eventSinceWelcome) this.#lastId = this.#welcome.last_id;
        for (const fn of [...this.#resetFns]) this.#safely(fn, frame);
        return undefined;
      case 'drain':
        this.#drainRetryMs = Number(frame.retry_after_ms) || 0;
        return undefined;
      case 'close':
        if (generation === this.#generation) this.#lost(Number(frame.code) || 1006, frame.reason || 'closed by the server');
        return undefined;
      case 'event':
        if (!this.#recent.add(frame.id)) return undefined;   // already delivered (a resume overlapping what came live)
        this.#lastId = frame.id;
        this.#eventSinceWelcome = true;
        return this.#dispatch(frame);
      default:
        return this.#dispatch(frame);
    }
  }

  #dispatch(frame) {
    for (const { type, fn } of [...this.#handlers]) if (matchesType(type, frame.type)) this.#safely(fn, frame);
  }

  // ---- status

  #setStatus(signal, fields = {}) {
    const state = nextState(this.#status.state, signal);
    if (state === this.#status.state && state === Status.CLOSED) return;
    this.#status = Object.freeze({
      state, transport: fields.transport ?? this.#status.transport, code: fields.code ?? null,
      reason: fields.reason ?? null, retryInMs: fields.retryInMs ?? null,
    });
    for (const fn of [...this.#statusFns]) this.#safely(fn, this.#status);
  }

  #replaceStatus(fields) {
    this.#status = Object.freeze({ ...this.#status, ...fields });
    for (const fn of [...this.#statusFns]) this.#safely(fn, this.#status);
  }

  #clearTimer(which) {
    if (which === 'retry' && this.#retryTimer !== null) {
      this.#env.clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
    }
    if (which === 'refresh' && this.#refreshTimer !== null) {
      this.#env.clearTimeout(this.#refreshTimer);
      this.#refreshTimer = null;
    }
  }

  #safely(fn, arg) {
    try {
      fn(arg);
    } catch (e) {
      console.error('herald.js: a callback threw', e);
    }
  }
}

export default Herald;
