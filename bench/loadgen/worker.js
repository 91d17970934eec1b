'use strict';
// One load-generator worker (forked by bench.js): holds up to ~5,000 subscriber sockets, counts the events they
// receive, and measures publish→receive latency from the send time the publisher puts in data.t.
// All commands come from the parent over IPC; every wait here is bounded by the parent's timeouts.
const WebSocket = require('ws');
const { performance } = require('perf_hooks');
const { signer } = require('./jwt');

const now = () => performance.timeOrigin + performance.now(); // epoch ms, sub-ms, comparable across processes
const SAMPLE_EVERY = 512; // every n-th event is fully JSON-parsed and checked

let sockets = [];
let phase = 0;            // events whose data.ph differs are counted as late, not received
let received = 0;         // events of the current phase
let late = 0;
let dups = 0;
let latencies = null;     // array when the phase records latency
let lastRecvAt = 0;
let totalEvents = 0;
const control = {};       // control frame type -> count
const anomalies = [];     // first few frames that are not what the contract says
let anomalyCount = 0;
let closedAfterOpen = {}; // close code -> count, for sockets closed after they were ready
let errorsAfterOpen = {}; // error message -> count, for sockets that failed after they were ready
let perSeq = new Int32Array(1024); // receipts per event seq in the current phase (the parent matches them to 202s)
let expectHerald = false;
let tokens = [];          // signed before connecting, so that signing is not counted in the connect figures

function signTokens({ keyPath, count, users, userPrefix }) {
  const sign = signer(keyPath);
  tokens = [];
  for (let i = 0; i < Math.min(users, count); i++) tokens.push(sign({ sub: `${userPrefix}${i}` }));
}

function anomaly(text, frame) {
  anomalyCount++;
  if (anomalies.length < 5) anomalies.push(`${text}: ${String(frame).slice(0, 300)}`);
}

const TICK = Buffer.from('"bench.tick"');
const KEY_PH = Buffer.from('"ph"');
const KEY_SEQ = Buffer.from('"seq"');
const KEY_T = Buffer.from('"t"');

// Number value of a key in a JSON text held in a Buffer, also when the value is a quoted string; NaN when absent.
// Works on bytes so that counting an event allocates no string (the generator's CPU is part of the measurement).
function numberOf(buf, key) {
  let i = buf.indexOf(key);
  if (i < 0) return NaN;
  i += key.length;
  while (i < buf.length && (buf[i] === 32 || buf[i] === 58 || buf[i] === 34)) i++; // space, colon, quote
  let v = 0; let digits = 0;
  for (; i < buf.length && buf[i] >= 48 && buf[i] <= 57; i++, digits++) v = v * 10 + (buf[i] - 48);
  if (buf[i] === 46) { // fraction
    let scale = 0.1;
    for (i++; i < buf.length && buf[i] >= 48 && buf[i] <= 57; i++, scale /= 10) v += (buf[i] - 48) * scale;
  }
  return digits ? v : NaN;
}

function onObject(sock, buf) {
  if (buf.indexOf(TICK) < 0) {
    const text = buf.toString();
    let type = '?';
    try { type = JSON.parse(text).type; } catch { anomaly('not JSON', text); }
    control[type] = (control[type] || 0) + 1;
    if (type === 'error') anomaly('error frame', text);
    else if (type === 'welcome' && sock.onWelcome) sock.onWelcome();
    return;
  }
  totalEvents++;
  const ph = numberOf(buf, KEY_PH);
  if (ph !== phase) { late++; return; }
  const seq = numberOf(buf, KEY_SEQ);
  if (seq >= sock.seen.length) {
    const bigger = new Uint8Array(Math.max(seq + 1, sock.seen.length * 2));
    bigger.set(sock.seen);
    sock.seen = bigger;
  }
  if (sock.seen[seq]) { dups++; return; }
  sock.seen[seq] = 1;
  if (seq >= perSeq.length) {
    const bigger = new Int32Array(Math.max(seq + 1, perSeq.length * 2));
    bigger.set(perSeq);
    perSeq = bigger;
  }
  perSeq[seq]++;
  received++;
  const t = now();
  lastRecvAt = t;
  if (latencies) latencies.push(t - numberOf(buf, KEY_T));
  if (totalEvents % SAMPLE_EVERY === 1) check(buf.toString());
}

function check(text) {
  let o;
  try { o = JSON.parse(text); } catch { anomaly('not JSON', text); return; }
  if (o.type !== 'bench.tick' || typeof o.data !== 'object' || typeof o.data.seq !== 'number') anomaly('bad event', text);
  if (expectHerald && (o.id === undefined || o.tenant !== 'bench' || typeof o.timestamp !== 'string')) {
    anomaly('event without id/tenant/timestamp', text);
  }
}

// ndjson: one or more objects per frame, split on \n without copying.
function onFrame(sock, buf) {
  if (!sock.ndjson) { onObject(sock, buf); return; }
  let from = 0;
  for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, from)) {
    if (nl > from) onObject(sock, buf.subarray(from, nl));
    from = nl + 1;
  }
  if (from < buf.length) onObject(sock, buf.subarray(from));
}

function connectAll(opts) {
  const { url, count, protocol, addrs, keyPath, concurrency, timeoutMs, waitWelcome } = opts;
  expectHerald = !!keyPath;
  const withToken = keyPath && tokens.length > 0;
  const started = now();
  const deadline = started + timeoutMs;
  const statuses = {};
  let next = 0; let inFlight = 0; let ready = 0; let failed = 0; let retries = 0;
  return new Promise((resolve) => {
    const finish = () => resolve({ ready, failed, retries, statuses, ms: now() - started });
    const open = (i, attempt) => {
      inFlight++;
      const u = withToken ? `${url}${url.includes('?') ? '&' : '?'}access_token=${tokens[i % tokens.length]}` : url;
      const ws = new WebSocket(u, protocol ? [protocol] : [], {
        localAddress: addrs[i % addrs.length], perMessageDeflate: false, handshakeTimeout: 20000, skipUTF8Validation: true,
      });
      const sock = { ws, seen: new Uint8Array(64), ndjson: protocol === 'herald.v1.ndjson', isReady: false };
      let settled = false;
      const done = (ok, why, retryAfterMs) => {
        if (settled) return;
        settled = true;
        inFlight--;
        if (ok) { ready++; sock.isReady = true; sockets.push(sock); }
        else {
          statuses[why] = (statuses[why] || 0) + 1;
          if (attempt < 3 && now() + (retryAfterMs || 0) < deadline) {
            retries++;
            setTimeout(() => open(i, attempt + 1), Math.min(retryAfterMs || 200, 5000));
            return;
          }
          failed++;
        }
        pump();
      };
      ws.on('message', (data) => onFrame(sock, data));
      ws.on('unexpected-response', (req, res) => {
        const ra = Number(res.headers['retry-after']);
        done(false, `http ${res.statusCode}`, Number.isFinite(ra) ? ra * 1000 : 500);
        req.destroy();
      });
      ws.on('error', (e) => {
        if (sock.isReady) errorsAfterOpen[e.message] = (errorsAfterOpen[e.message] || 0) + 1;
        else done(false, e.code || e.message);
      });
      ws.on('close', (code) => {
        if (sock.isReady) closedAfterOpen[code] = (closedAfterOpen[code] || 0) + 1;
        else done(false, `close ${code}`);
      });
      if (waitWelcome) sock.onWelcome = () => { sock.onWelcome = null; done(true); };
      ws.on('open', () => { if (!waitWelcome) done(true); });
    };
    const pump = () => {
      while (inFlight < concurrency && next < count && now() < deadline) open(next++, 1);
      if (inFlight === 0 && (next >= count || now() >= deadline)) finish();
    };
    const guard = setInterval(() => { if (now() >= deadline + 25000) { clearInterval(guard); finish(); } }, 1000);
    pump();
  });
}

const cpuMicros = () => { const c = process.cpuUsage(); return c.user + c.system; };

// Every socket sends a ping every 30 s (one thirtieth of them each second): WildFly 39 closes a WebSocket that has
// received nothing for ~90 s (1006, no close frame), whatever the endpoint's max idle timeout says, and real
// clients send something anyway. Herald's own heartbeat pings get pongs from ws without help.
const PING_EVERY_S = 30;
let pingTick = 0;
const pinger = setInterval(() => {
  const slot = pingTick++ % PING_EVERY_S;
  for (let i = slot; i < sockets.length; i += PING_EVERY_S) {
    if (sockets[i].ws.readyState === WebSocket.OPEN) sockets[i].ws.ping();
  }
}, 1000);
pinger.unref();

const ticker = setInterval(() => process.send({ type: 'tick', received, late, lastRecvAt }), 20);
ticker.unref();

process.on('message', async (m) => {
  switch (m.cmd) {
    case 'sign':
      signTokens(m.opts);
      process.send({ type: 'signed' });
      break;
    case 'connect': {
      const r = await connectAll(m.opts);
      process.send({ type: 'connected', ...r, cpu: cpuMicros() });
      break;
    }
    case 'phase':
      phase = m.phase; received = 0; late = 0; dups = 0; lastRecvAt = 0;
      latencies = m.latency ? [] : null;
      perSeq = new Int32Array(1024);
      for (const s of sockets) s.seen.fill(0);
      process.send({ type: 'phaseStarted', cpu: cpuMicros() });
      break;
    case 'snapshot':
      process.send({ type: 'snapshot', received, cpu: cpuMicros(), ref: m.ref, presence: control.presence || 0 });
      break;
    case 'endPhase':
      process.send({
        type: 'phaseResult', received, late, dups, lastRecvAt, latencies: latencies || [], cpu: cpuMicros(),
        control, anomalies, anomalyCount, closedAfterOpen, errorsAfterOpen, perSeq: Array.from(perSeq),
        open: sockets.filter((s) => s.ws.readyState === WebSocket.OPEN).length,
      });
      break;
    case 'close': {
      for (const s of sockets) { s.isReady = false; s.ws.terminate(); }
      sockets = [];
      process.send({ type: 'closed' });
      break;
    }
    case 'exit':
      process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
