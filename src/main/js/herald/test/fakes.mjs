// Fakes for driving a Herald client without a browser: a manual clock, a WebSocket, an EventSource and fetch that
// the test plays the server for. Each records what the client did.

export class Clock {
  now = 1_000_000;
  #timers = [];
  #seq = 0;

  setTimeout = (fn, ms) => {
    const id = ++this.#seq;
    this.#timers.push({ id, at: this.now + Math.max(0, ms || 0), fn });
    return id;
  };

  clearTimeout = (id) => {
    this.#timers = this.#timers.filter((t) => t.id !== id);
  };

  /** Runs the timers due within ms, in order, letting promises settle between them. */
  async advance(ms) {
    const until = this.now + ms;
    for (let guard = 0; guard < 10_000; guard++) {
      await settle();
      const due = this.#timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.now = due.at;
      due.fn();
    }
    this.now = until;
    await settle();
  }
}

export async function settle() {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

export class FakeSocket {
  static all = [];
  sent = [];
  closedWith = null;

  constructor(url, protocols) {
    this.url = new URL(url);
    this.protocols = protocols;
    FakeSocket.all.push(this);
  }

  send(text) { this.sent.push(JSON.parse(text)); }
  close(code) { this.closedWith = code; }
  // the server's side
  deliver(...frames) { this.onmessage?.({ data: frames.map((f) => JSON.stringify(f)).join('\n') }); }
  drop(code, reason = '') { this.onclose?.({ code, reason }); }
  static last() { return FakeSocket.all[FakeSocket.all.length - 1]; }
}

export class FakeEventSource {
  static all = [];
  closed = false;

  constructor(url) {
    this.url = new URL(url);
    FakeEventSource.all.push(this);
  }

  close() { this.closed = true; }
  deliver(...frames) { for (const f of frames) this.onmessage?.({ data: JSON.stringify(f) }); }
  fail() { this.onerror?.({}); }
  static last() { return FakeEventSource.all[FakeEventSource.all.length - 1]; }
}

/** fetch played by `answer(request)` → {status, body} or a promise of it; every request is recorded. */
export function fakeFetch(answer) {
  const requests = [];
  const fetch = async (url, init = {}) => {
    const req = { url: new URL(url), method: init.method ?? 'GET', headers: init.headers ?? {}, body: init.body ? JSON.parse(init.body) : undefined };
    requests.push(req);
    const { status = 200, body, headers = {} } = await answer(req);
    return { status, ok: status < 300, headers: { get: (n) => headers[n] ?? null }, json: async () => body };
  };
  return { fetch, requests };
}

export const welcome = (session = 's1', extra = {}) => ({ type: 'welcome', session, user: 'alice', tenant: 't1', heartbeat_ms: 25000, ...extra });
export const event = (id, type = 'face.registered', room = null) => ({ type, id, tenant: 't1', room, data: { n: id }, timestamp: '2026-12-02T00:00:00Z' });
export const jwt = (claims) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
