'use strict';
// Load-generator driver for one row at one N (bench/run calls it once per row and N).
//
//   node bench.js measure  --row NAME --base http://127.0.0.1:PORT/ctx/ --n 1000 --pid SERVER_PID
//                          [--protocol herald.v1.json|herald.v1.ndjson] [--key dev-private.pem] [--gc jcmd|http|none]
//                          [--quick] [--out results.jsonl]
//   node bench.js capacity (same flags; --n defaults to 18000): N idle connections, one event to all of them.
//   node bench.js heap     (same flags; --n defaults to 10000): what N idle connections hold on the server (Java
//                          only): class histogram, live heap and native memory (NMT) before and after connecting.
//   node bench.js first-event (same flags; --n defaults to 200): N times a fresh socket that sends nothing, then one
//                          event to it; the time until it arrives (see firstEventRun).
//   node bench.js presence (same flags; --n defaults to 2000): N members in one room with presence, then one more
//                          user joins and leaves it PRESENCE_ROUNDS times; frames per member and cost (see presenceRun).
//
// Appends one JSON line per run to --out (report.js turns them into tables) and logs progress to stderr.
// Every wait is bounded: connect ≤ 180 s, each publish window 5–10 s, each settle ≤ 30 s.
const { fork, execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { performance } = require('perf_hooks');
const { signer } = require('./jwt');
const heap = require('./heap');

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
// The value at quantile p of an ascending array, null when it is empty.
const quantile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : null);

function parseArgs(argv) {
  const a = { mode: argv[0] };
  for (let i = 1; i < argv.length; i++) {
    const k = argv[i].replace(/^--/, '');
    if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) a[k] = argv[++i]; else a[k] = true;
  }
  return a;
}

const args = parseArgs(process.argv.slice(2));
const N = Number(args.n || { capacity: 18000, heap: 10000, 'first-event': 200, presence: 2000 }[args.mode] || 1000);
const quick = !!args.quick;
const pid = Number(args.pid);
const base = String(args.base).endsWith('/') ? String(args.base) : `${args.base}/`;
const herald = !!args.key;
const ADDRS = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'];
const PER_WORKER = 4500; // ulimit -n is 20000 per process; stay far below it
const WINDOW_EVENTS = Number(process.env.BENCH_WINDOW || 8); // saturation: events in flight per subscriber
const SAT_MS = Number(process.env.BENCH_SAT_MS || (quick ? 5000 : 10000));
// moderate: 30 s, so that at N = 10,000 (1 event/s) the p99 comes from 30 events' fan-outs, not from the worst of 10
const MOD_MS = Number(process.env.BENCH_MOD_MS || (quick ? 5000 : 30000));
// warm-up: the JIT still compiles a large share of the server's CPU after 20-40 s of load (more for more code): measure after it
const WARM_MS = Number(process.env.BENCH_WARM_MS || (quick ? 2000 : 30000));
const MOD_DELIVERIES = Number(process.env.BENCH_MOD_DELIVERIES || 10000); // per second, at the moderate rate
const PUBLISHERS = 4;
const CONNECT_MS = (args.mode === 'capacity' ? 300 : 180) * 1000; // every socket must be ready by then
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

// ---------- server process figures, from /proc ----------
// The server's user and kernel CPU time in µs (/proc/<pid>/stat utime, stime; the fields after the command name).
function serverTimes() {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: (Number(rest[11]) * 1e6) / CLK_TCK, sys: (Number(rest[12]) * 1e6) / CLK_TCK };
}
function serverCpuMicros() {
  const t = serverTimes();
  return t.user + t.sys;
}
// The server's kernel-side CPU time and its write system calls (write, writev, sendmsg): on loopback the kernel's
// TCP work for both ends of a connection is charged to the writer, so writes per delivery explain most of a row's
// CPU per delivery (frames that share one write cost one system call).
function serverKernel() {
  const m = fs.readFileSync(`/proc/${pid}/io`, 'utf8').match(/syscw:\s+(\d+)/);
  return { sysMicros: serverTimes().sys, writes: m ? Number(m[1]) : NaN };
}
// CPU time of the whole machine (all cores), to show load from processes that are neither server nor generator.
function machineBusyMicros() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return ((total - f[3] - f[4]) * 1e6) / CLK_TCK; // minus idle and iowait
}
function serverRssKB() {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
  return m ? Number(m[1]) : NaN;
}
// What the server holds, after a full GC: its live objects (a JVM: the class histogram's total; node: V8's heap used
// plus external memory, answered by ws-server.js) and its RSS. RSS alone is not what connections hold: a JVM's RSS
// also grows by heap pages that garbage touched for the first time and that the GC keeps committed.
async function serverMemory() {
  let liveKB = null;
  try {
    if (args.gc === 'jcmd') liveKB = heap.liveBytes(pid) / 1024;
    else if (args.gc === 'http') {
      const m = JSON.parse((await post('__gc', '', {})).text);
      liveKB = (m.heapUsed + m.external) / 1024;
    }
  } catch (e) { log('memory snapshot failed:', e.message); }
  await sleep(1000);
  return { liveKB, rssKB: serverRssKB() };
}

// Waits (at most QUIET_MAX_MS) until processes other than the server and this generator use < QUIET_PCT of a core
// for a second: on a shared 2-core box a build or a test run next door otherwise moves every figure.
const QUIET_PCT = Number(process.env.BENCH_QUIET_PCT || 20);
const QUIET_MAX_MS = Number(process.env.BENCH_QUIET_MAX_MS || 10000);
async function waitQuiet() {
  const t0 = now();
  let other = 0;
  while (now() - t0 < QUIET_MAX_MS) {
    const m0 = machineBusyMicros(); const s0 = serverCpuMicros(); const g0 = await generatorCpu(); const a = now();
    await sleep(1000);
    const m1 = machineBusyMicros(); const s1 = serverCpuMicros(); const g1 = await generatorCpu();
    other = Math.max(0, pct(m1 - m0 - (s1 - s0) - (g1 - g0), now() - a));
    if (other < QUIET_PCT) break;
  }
  return { waitedMs: Math.round(now() - t0), otherPct: other };
}

// ---------- publishing over HTTP ----------
const agent = new http.Agent({ keepAlive: true, maxSockets: PUBLISHERS, localAddress: '127.0.0.1' });
const publisherToken = herald
  ? signer(args.key)({ sub: 'bench-publisher', groups: ['herald-publisher'], ttlSeconds: 7200 }) : null;

function post(route, body, headers) {
  return new Promise((resolve) => {
    const req = http.request(`${base}${route}`, { method: 'POST', agent, headers, timeout: 10000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: e.message, text: '' }));
    req.end(body);
  });
}

const eventHeaders = { 'Content-Type': 'application/json' };
if (publisherToken) eventHeaders.Authorization = `Bearer ${publisherToken}`;

// Event body of BENCH_EVENT_BYTES (default 128) bytes; data.t is the send time (epoch ms, as a string so no server
// reformats the number).
const EVENT_BYTES = Number(process.env.BENCH_EVENT_BYTES || 128);
function eventBody(ph, seq, withRoom = true) {
  const head = `{"type":"bench.tick",${withRoom ? '"room":"bench",' : ''}"data":{"ph":${ph},"seq":${seq},"t":"${now().toFixed(3)}","pad":"`;
  return `${head}${'x'.repeat(Math.max(0, EVENT_BYTES - head.length - 4))}"}}`;
}

const pub = { accepted: 0, inFlight: 0, recipients: 0, errors: {}, sample: null, acceptedSeqs: new Set() };
async function publish(ph, seq, withRoom = true) {
  pub.inFlight++;
  const r = await post('api/v1/events', eventBody(ph, seq, withRoom), eventHeaders);
  pub.inFlight--;
  if (r.status === 202) {
    pub.accepted++;
    pub.acceptedSeqs.add(seq);
    const m = r.text.match(/"recipients"\s*:\s*(\d+)/);
    if (m) pub.recipients += Number(m[1]);
  } else {
    pub.errors[r.status] = (pub.errors[r.status] || 0) + 1;
    if (!pub.sample) pub.sample = `${r.status} ${r.text.slice(0, 200)}`;
  }
  return r.status;
}

// ---------- workers ----------
const workers = [];
function startWorkers(n) {
  const count = Math.max(2, Math.ceil(n / PER_WORKER));
  for (let w = 0; w < count; w++) {
    const child = fork(path.join(__dirname, 'worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const worker = { child, tick: { received: 0, late: 0, lastRecvAt: 0 }, waiters: [], share: 0 };
    child.on('message', (m) => {
      if (m.type === 'tick') { worker.tick = m; return; }
      const i = worker.waiters.findIndex((x) => x.type === m.type);
      if (i >= 0) worker.waiters.splice(i, 1)[0].resolve(m);
    });
    child.on('exit', (code) => { worker.exited = code; for (const x of worker.waiters) x.reject(new Error('worker exited')); });
    worker.share = Math.floor(n / count) + (w < n % count ? 1 : 0);
    workers.push(worker);
  }
}
function ask(worker, msg, type, timeoutMs = 60000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not answer ${msg.cmd} in ${timeoutMs} ms`)), timeoutMs);
    worker.waiters.push({ type, resolve: (m) => { clearTimeout(timer); resolve(m); }, reject });
    worker.child.send(msg);
  });
}
const askAll = (msg, type, timeoutMs) => Promise.all(workers.map((w) => ask(w, msg, type, timeoutMs)));
const masterCpu = () => { const c = process.cpuUsage(); return c.user + c.system; };
const receivedNow = () => workers.reduce((s, w) => s + w.tick.received, 0);
const pct = (micros, ms) => Math.round(micros / (ms * 10)); // % of one core
const generatorCpu = async () => (await askAll({ cmd: 'snapshot' }, 'snapshot')).reduce((s, r) => s + r.cpu, 0) + masterCpu();

async function connect() {
  if (herald) {
    await Promise.all(workers.map((w, i) => ask(w, {
      cmd: 'sign',
      opts: { keyPath: args.key, count: w.share, users: Number(process.env.BENCH_USERS || 100000), userPrefix: `w${i}u` },
    }, 'signed', 120000)));
  }
  const c0 = masterCpu();
  const s0 = serverCpuMicros();
  const t0 = now();
  const rs = await Promise.all(workers.map((w, i) => ask(w, {
    cmd: 'connect',
    opts: {
      url: `${base.replace(/^http/, 'ws')}ws${herald ? '?rooms=bench' : ''}`,
      count: w.share, protocol: args.protocol || null,
      addrs: ADDRS.slice(i % 4).concat(ADDRS.slice(0, i % 4)),
      keyPath: args.key || null,
      concurrency: 64, timeoutMs: CONNECT_MS, waitWelcome: herald,
    },
  }, 'connected', CONNECT_MS + 60000)));
  const ms = now() - t0;
  const serverPct = pct(serverCpuMicros() - s0, ms);
  const ready = rs.reduce((s, r) => s + r.ready, 0);
  const slowest = Math.max(...rs.map((r) => r.ms));
  const statuses = {};
  for (const r of rs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] || 0) + v;
  const genMicros = rs.reduce((s, r) => s + r.cpu, 0) + masterCpu() - c0;
  return {
    ready, failed: rs.reduce((s, r) => s + r.failed, 0), retries: rs.reduce((s, r) => s + r.retries, 0),
    statuses, ms: Math.round(ms), rate: Math.round(ready / (slowest / 1000)), genPct: pct(genMicros, ms), serverPct,
  };
}

// Runs one publish window and its settle period; the caller picks open-rate (moderate) or closed-loop (saturation).
async function phase({ ph, kind, durationMs, rate, latency, withRoom = true, settleMs = 30000 }) {
  const quiet = await waitQuiet();
  await askAll({ cmd: 'phase', phase: ph, latency }, 'phaseStarted');
  const ready = connected;
  for (const w of workers) w.tick = { received: 0, late: 0, lastRecvAt: 0 };
  Object.assign(pub, { accepted: 0, inFlight: 0, recipients: 0, errors: {}, sample: null, acceptedSeqs: new Set() });
  const g0 = await generatorCpu();
  const s0 = serverCpuMicros();
  const k0 = serverKernel();
  const m0 = machineBusyMicros();
  const t0 = now();
  const end = t0 + durationMs;
  let seq = 0;
  const series = []; // deliveries per second during the window, and events accepted per second
  let prev = { at: t0, received: 0, accepted: 0 };
  const sampler = setInterval(() => {
    const cur = { at: now(), received: receivedNow(), accepted: pub.accepted };
    const dt = (cur.at - prev.at) / 1000;
    series.push([Math.round((cur.received - prev.received) / dt), Math.round((cur.accepted - prev.accepted) / dt)]);
    prev = cur;
  }, 1000);
  if (kind === 'saturation') {
    const windowDeliveries = WINDOW_EVENTS * ready;
    const loop = async () => {
      while (now() < end) {
        if ((pub.accepted + pub.inFlight) * ready - receivedNow() > windowDeliveries) { await sleep(2); continue; }
        const status = await publish(ph, ++seq, withRoom);
        if (status !== 202) await sleep(20);
      }
    };
    await Promise.all(Array.from({ length: PUBLISHERS }, loop));
  } else {
    const total = Math.max(1, Math.round((rate * durationMs) / 1000));
    const sends = [];
    for (let i = 0; i < total && now() < end + 2000; i++) {
      const due = t0 + (i * 1000) / rate;
      if (due > now()) await sleep(due - now());
      while (pub.inFlight >= PUBLISHERS && now() < end + 2000) await sleep(1);
      sends.push(publish(ph, ++seq, withRoom));
    }
    await Promise.all(sends);
    if (now() < end) await sleep(end - now());
  }
  const t1 = now();
  clearInterval(sampler);
  const snap = await askAll({ cmd: 'snapshot' }, 'snapshot');
  const s1 = serverCpuMicros();
  const k1 = serverKernel();
  const m1 = machineBusyMicros();
  const g1 = snap.reduce((s, r) => s + r.cpu, 0) + masterCpu();
  const inWindow = snap.reduce((s, r) => s + r.received, 0);
  const expected = pub.accepted * ready;
  // settle: until everything arrived, or nothing arrived for 3 s, or settleMs
  let last = receivedNow(); let lastChange = now();
  const settleEnd = now() + settleMs;
  while (receivedNow() < expected && now() < settleEnd && now() - lastChange < 3000) {
    await sleep(100);
    if (receivedNow() !== last) { last = receivedNow(); lastChange = now(); }
  }
  const rs = await askAll({ cmd: 'endPhase' }, 'phaseResult');
  // receipts of events whose publish got a 202, and of events whose publish failed (e.g. timed out) but went out
  let got = 0; let unconfirmed = 0;
  for (const r of rs) {
    r.perSeq.forEach((count, seq) => { if (pub.acceptedSeqs.has(seq)) got += count; else unconfirmed += count; });
  }
  const lat = [].concat(...rs.map((r) => r.latencies)).sort((a, b) => a - b);
  const q = (p) => quantile(lat, p);
  const windowMs = t1 - t0;
  const control = {}; const closed = {}; const socketErrors = {};
  for (const r of rs) {
    for (const [k, v] of Object.entries(r.errorsAfterOpen)) socketErrors[k] = (socketErrors[k] || 0) + v;
    for (const [k, v] of Object.entries(r.control)) control[k] = (control[k] || 0) + v;
    for (const [k, v] of Object.entries(r.closedAfterOpen)) closed[k] = (closed[k] || 0) + v;
  }
  return {
    kind, quiet, series, events: pub.accepted, recipients: pub.recipients, publishErrors: pub.errors, publishErrorSample: pub.sample,
    subscribers: ready, expected, received: got, loss: expected - got, unconfirmed, dups: rs.reduce((s, r) => s + r.dups, 0),
    late: rs.reduce((s, r) => s + r.late, 0),
    windowMs: Math.round(windowMs), deliveredInWindow: inWindow, msgsPerSec: Math.round(inWindow / (windowMs / 1000)),
    eventsPerSec: Math.round(pub.accepted / (windowMs / 1000)),
    serverCpuPct: pct(s1 - s0, windowMs), cpuMicrosPerDelivery: inWindow ? (s1 - s0) / inWindow : null,
    serverSysPct: pct(k1.sysMicros - k0.sysMicros, windowMs), deliveriesPerWrite: k1.writes > k0.writes ? inWindow / (k1.writes - k0.writes) : null,
    genPct: pct(g1 - g0, windowMs), otherPct: Math.max(0, pct(m1 - m0 - (s1 - s0) - (g1 - g0), windowMs)), genWorkers: workers.length,
    latencyMs: lat.length ? { p50: q(0.5), p99: q(0.99), max: lat[lat.length - 1], samples: lat.length } : null,
    lastArrivalMs: Math.max(...rs.map((r) => r.lastRecvAt)) - t0,
    openAtEnd: rs.reduce((s, r) => s + r.open, 0), closedDuring: closed, socketErrors, control,
    anomalies: [].concat(...rs.map((r) => r.anomalies)).slice(0, 5), anomalyCount: rs.reduce((s, r) => s + r.anomalyCount, 0),
  };
}

let connected = 0;
async function main() {
  const started = Date.now();
  const result = { row: args.row, mode: args.mode, n: N, round: Number(args.round || 1), quick, protocol: args.protocol || null, at: new Date().toISOString() };
  const hardStop = setTimeout(() => { log('hard time limit reached, giving up'); write({ ...result, error: 'time limit' }); process.exit(2); },
    CONNECT_MS + 240000); // the windows (30 s warm-up, 30 s moderate, 10 s saturation), their settles and quiet waits
  hardStop.unref();
  if (args.mode !== 'first-event') startWorkers(N);
  try {
    if (args.mode === 'heap') await heapRun(result);
    else if (args.mode === 'first-event') await firstEventRun(result);
    else if (args.mode === 'presence') await presenceRun(result);
    else await measureRun(result);
  } catch (e) {
    result.error = e.message;
    log('error:', e.message);
  }
  result.seconds = Math.round((Date.now() - started) / 1000);
  write(result);
  try { await askAll({ cmd: 'close' }, 'closed', 20000); } catch { /* exiting anyway */ }
  for (const w of workers) w.child.kill();
  process.exit(0);
}

// Measure and capacity modes: live objects and RSS per idle connection, then the publish windows (or the one
// capacity event).
async function measureRun(result) {
  const mem0 = await serverMemory();
  log(`${args.row} N=${N}: connecting with ${workers.length} workers`);
  const c = await connect();
  connected = c.ready;
  result.connect = c;
  log(`connected ${c.ready}/${N} in ${c.ms} ms (${c.rate}/s, server ${c.serverPct}%, gen ${c.genPct}%) failed=${c.failed} ${JSON.stringify(c.statuses)}`);
  await sleep(2000);
  const mem1 = await serverMemory();
  const perConn = (a, b) => (connected && a !== null && b !== null ? (b - a) / connected : null);
  result.rss = { beforeKB: mem0.rssKB, afterKB: mem1.rssKB, kbPerConn: perConn(mem0.rssKB, mem1.rssKB) };
  result.live = { beforeKB: mem0.liveKB, afterKB: mem1.liveKB, kbPerConn: perConn(mem0.liveKB, mem1.liveKB) };
  log(`per idle connection: live objects ${result.live.kbPerConn?.toFixed(1)} KB, RSS ${result.rss.kbPerConn?.toFixed(1)} KB`);
  if (connected === 0) throw new Error('no subscriber connected');
  if (args.mode === 'capacity') {
    const p = await phase({ ph: 1, kind: 'moderate', durationMs: 1, rate: 1, latency: true, withRoom: !herald, settleMs: 60000 });
    result.capacity = p;
    log(`capacity: ${p.received}/${p.expected} received, all within ${Math.round(p.lastArrivalMs)} ms, loss ${p.loss}`);
    result.rss.afterEventKB = (await serverMemory()).rssKB;
  } else {
    const modRate = Math.max(1, Math.round(MOD_DELIVERIES / connected));
    log('warm-up');
    result.warmup = await phase({ ph: 1, kind: 'saturation', durationMs: WARM_MS, settleMs: 30000 });
    result.moderateRate = modRate;
    log(`moderate: ${modRate} events/s for ${MOD_MS} ms`);
    result.moderate = await phase({ ph: 2, kind: 'moderate', durationMs: MOD_MS, rate: modRate, latency: true, settleMs: 20000 });
    log(`  p50/p99/max ${fmt(result.moderate.latencyMs)} loss ${result.moderate.loss}`);
    log(`saturation for ${SAT_MS} ms`);
    result.saturation = await phase({ ph: 3, kind: 'saturation', durationMs: SAT_MS, settleMs: 30000 });
    const s = result.saturation;
    log(`  ${s.msgsPerSec} msgs/s, server ${s.serverCpuPct}% gen ${s.genPct}%, ${s.cpuMicrosPerDelivery?.toFixed(1)} µs/delivery (kernel ${s.serverSysPct}%, ${s.deliveriesPerWrite?.toFixed(2)} deliveries per write), loss ${s.loss}`);
  }
}

// Heap mode: snapshots before connecting and at each BENCH_HOLD_S second (default 5 and 40: after the connect, and
// after every session has been silent for longer than Herald's 25 s heartbeat interval), diffed per connection.
async function heapRun(result) {
  const dir = path.join(args.dumps || path.join(__dirname, '..', 'target', 'heap'), `${args.row}-${N}`);
  const holds = String(process.env.BENCH_HOLD_S || '5,40').split(',').map(Number).filter((x) => x >= 0).slice(0, 5);
  const before = heap.snapshot(pid, dir, 'before');
  log(`${args.row} N=${N}: before: heap used ${before.heap?.usedKB} KB, RSS ${before.rssKB} KB; connecting`);
  const c = await connect();
  connected = c.ready;
  result.connect = c;
  log(`connected ${c.ready}/${N} in ${c.ms} ms failed=${c.failed} ${JSON.stringify(c.statuses)}`);
  if (connected === 0) throw new Error('no subscriber connected');
  const t0 = now();
  result.heap = [];
  for (const s of holds) {
    await sleep(Math.max(0, t0 + s * 1000 - now()));
    const after = heap.snapshot(pid, dir, `after-${s}s`);
    const open = (await askAll({ cmd: 'endPhase' }, 'phaseResult')).reduce((sum, r) => sum + r.open, 0);
    const d = heap.diff(before, after, connected);
    result.heap.push({ atS: s, open, ...d });
    log(`+${s}s: ${open} open; per connection: live heap ${Math.round(d.liveHeapBytesPerConn)} B, histogram ${Math.round(d.histogramBytesPerConn)} B, `
      + `NMT ${Math.round(d.nmtBytesPerConn.Total || NaN)} B (Java Heap ${Math.round(d.nmtBytesPerConn['Java Heap'] || NaN)} B), RSS ${Math.round(d.rssBytesPerConn)} B`);
    fs.writeFileSync(path.join(dir, `diff-${s}s.txt`), d.classes.map((x) => `${x.bytesPerConn.toFixed(1).padStart(9)} B ${x.instancesPerConn.toFixed(2).padStart(7)}  ${x.name}`).join('\n'));
  }
}

// First-event mode: N times (FIRST_LANES at a time) a fresh socket of a fresh user that sends nothing; at its welcome
// (the raw rows and ws-node have none: at open) one event addressed to that user is published over HTTP, and the time
// until it arrives is taken from the publish request's start and from its 202. An event not there within
// FIRST_LOSS_MS is lost. The users are spread over FIRST_TENANTS tenants that are new to the server.
const FIRST_LANES = Math.min(PUBLISHERS, Number(process.env.BENCH_FIRST_LANES || 4)); // the agent's keep-alive sockets
const FIRST_TENANTS = Number(process.env.BENCH_FIRST_TENANTS || 4);
const FIRST_LOSS_MS = Number(process.env.BENCH_FIRST_LOSS_MS || 5000);
const FIRST_MAX_MS = Number(process.env.BENCH_FIRST_MAX_S || 180) * 1000; // no attempt starts after this
async function firstEventRun(result) {
  const WebSocket = require('ws');
  const sign = herald ? signer(args.key) : null;
  const run = `fe${Date.now().toString(36)}`;
  const publishHeaders = new Map(); // tenant -> headers with its publisher's token
  const headersFor = (tenant) => {
    if (!publishHeaders.has(tenant)) {
      publishHeaders.set(tenant, { ...eventHeaders, ...(sign && { Authorization: `Bearer ${sign({ sub: `${run}-publisher`, tenant, groups: ['herald-publisher'] })}` }) });
    }
    return publishHeaders.get(tenant);
  };
  const r = { attempts: 0, connectFailed: {}, publishErrors: {}, publishErrorSample: null, noRecipients: 0, lost: [], fromStart: [], from202: [], ready: [] };
  const count = (map, key) => { map[key] = (map[key] || 0) + 1; };

  // One attempt, recorded into r; it returns when the publish was answered and the event arrived or was lost.
  const attempt = async (i) => {
    const tenant = `${run}-t${i % FIRST_TENANTS}`;
    const user = `${run}-u${i}`;
    const query = sign ? `?access_token=${sign({ sub: user, tenant })}` : '';
    const t0 = now();
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}ws${query}`, args.protocol ? [args.protocol] : [], { perMessageDeflate: false, handshakeTimeout: 10000 });
    let timer;
    const until = (ms, why) => new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(why)), ms); });
    // settles with the welcome (Herald) or the open (the others), the event's arrival time, or the socket's end
    let onReady; let onEvent;
    const ready = new Promise((res) => { onReady = res; });
    const event = new Promise((res) => { onEvent = res; });
    const ended = new Promise((_, reject) => {
      ws.on('unexpected-response', (req, res) => reject(new Error(`http ${res.statusCode}`)));
      ws.on('error', (e) => reject(new Error(e.code || e.message)));
      ws.on('close', (code) => reject(new Error(`closed ${code}`)));
    });
    ended.catch(() => {});
    ws.on('open', () => { if (!herald) onReady(); });
    ws.on('message', (data) => {
      const at = now();
      for (const line of data.toString().split('\n').filter(Boolean)) {
        let frame;
        try { frame = JSON.parse(line); } catch { continue; }
        if (frame.type === 'welcome') onReady();
        else if (frame.data?.k === user) onEvent(at);
      }
    });
    try {
      try {
        await Promise.race([ready, ended, until(10000, herald ? 'no welcome in 10 s' : 'not open in 10 s')]);
      } catch (e) { count(r.connectFailed, e.message); return; }
      clearTimeout(timer);
      r.ready.push(now() - t0);
      const published = now();
      const loss = until(FIRST_LOSS_MS, `not within ${FIRST_LOSS_MS} ms`);
      loss.catch(() => {});
      const res = await post('api/v1/events', JSON.stringify({ type: 'bench.first', user, data: { k: user } }), headersFor(tenant));
      const answered = now();
      if (res.status !== 202) {
        count(r.publishErrors, res.status);
        r.publishErrorSample = r.publishErrorSample || `${res.status} ${res.text.slice(0, 200)}`;
        return;
      }
      const recipients = res.text.match(/"recipients"\s*:\s*(\d+)/)?.[1]; // 0: the server did not know the socket yet
      if (recipients === '0') r.noRecipients++;
      try {
        const at = await Promise.race([event, ended, loss]);
        r.fromStart.push(at - published);
        r.from202.push(at - answered); // negative when the event came before the 202
      } catch (e) { r.lost.push(`${user} (${e.message}, recipients ${recipients ?? '?'})`); }
    } finally {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
    }
  };

  log(`${args.row}: ${N} fresh sockets that send nothing, ${FIRST_LANES} at a time, one event each`);
  const deadline = now() + FIRST_MAX_MS;
  let next = 0;
  const lane = async () => {
    while (next < N && now() < deadline) { r.attempts++; await attempt(next++); }
  };
  await Promise.all(Array.from({ length: FIRST_LANES }, lane));
  const summary = (xs) => {
    const v = [...xs].sort((a, b) => a - b);
    return v.length ? { n: v.length, p50: quantile(v, 0.5), p90: quantile(v, 0.9), p99: quantile(v, 0.99), max: v[v.length - 1] } : null;
  };
  result.firstEvent = { ...r, lanes: FIRST_LANES, tenants: FIRST_TENANTS, lossMs: FIRST_LOSS_MS, summary: { fromStart: summary(r.fromStart), from202: summary(r.from202), ready: summary(r.ready) } };
  const s = result.firstEvent.summary.fromStart;
  log(`  ${r.attempts} attempts, ${r.fromStart.length} arrived, ${r.lost.length} LOST; from publish start p50/p99/max ${s ? `${s.p50.toFixed(1)}/${s.p99.toFixed(1)}/${s.max.toFixed(1)} ms` : 'n/a'}`);
  if (r.lost.length) log(`  LOST (no event within ${FIRST_LOSS_MS} ms): ${r.lost.slice(0, 10).join(', ')}`);
}

// Presence mode: N sockets of N users in room 'bench' (presence on for it: bench/run sets herald.presence.rooms), then
// PRESENCE_ROUNDS times one more user joins the room ({"action":"join"}) and leaves it ({"action":"leave"}, told at
// once, no grace). Per join: the presence frames the members received (the contract: one per member, at most), the
// time until the last member had its frame, and the server's CPU per join + leave beyond what it spends idle.
const PRESENCE_ROUNDS = Number(process.env.BENCH_PRESENCE_ROUNDS || 20);
async function presenceRun(result) {
  const WebSocket = require('ws');
  log(`${args.row} N=${N}: connecting ${N} members of room bench with ${workers.length} workers`);
  const c = await connect();
  connected = c.ready;
  result.connect = c;
  log(`connected ${c.ready}/${N} in ${c.ms} ms (server ${c.serverPct}%) failed=${c.failed}`);
  if (connected === 0) throw new Error('no member connected');
  const presenceNow = async () => (await askAll({ cmd: 'snapshot' }, 'snapshot')).reduce((s, r) => s + r.presence, 0);
  // the connect storm told every member of each later one (N²/2 frames): wait until they are all in, and quiet
  const expectedAtConnect = (connected * (connected - 1)) / 2;
  const settle0 = now();
  let atConnect = await presenceNow();
  while (atConnect < expectedAtConnect && now() - settle0 < 120000) { await sleep(500); atConnect = await presenceNow(); }
  result.presenceAtConnect = { frames: atConnect, expected: expectedAtConnect, settleMs: Math.round(now() - settle0) };
  log(`presence frames while connecting: ${atConnect} (N(N-1)/2 = ${expectedAtConnect}) in ${result.presenceAtConnect.settleMs} ms more`);
  result.quiet = await waitQuiet();
  const idle0 = serverCpuMicros(); const idleT0 = now();
  await sleep(5000);
  const idleMicrosPerMs = (serverCpuMicros() - idle0) / (now() - idleT0);

  const token = signer(args.key)({ sub: 'presence-joiner' });
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}ws`, args.protocol ? [args.protocol] : [], { headers: { Authorization: `Bearer ${token}` } });
  const replies = [];
  ws.on('message', (d) => { for (const line of d.toString().split('\n')) { try { const f = JSON.parse(line); if (f.type === 'reply' || f.type === 'error') replies.push(f); } catch { /* counted by nobody */ } } });
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); setTimeout(() => reject(new Error('joiner did not connect')), 10000); });
  const untilFrames = async (target, t0) => {
    let n = await presenceNow();
    while (n < target && now() - t0 < 10000) { await sleep(2); n = await presenceNow(); }
    return { n, ms: now() - t0 };
  };
  const joins = []; const leaves = [];
  let before = await presenceNow();
  const s0 = serverCpuMicros(); const t0all = now();
  for (let i = 0; i < PRESENCE_ROUNDS; i++) {
    let t0 = now();
    ws.send(JSON.stringify({ action: 'join', room: 'bench', ref: `j${i}` }));
    const j = await untilFrames(before + connected, t0);
    joins.push({ frames: j.n - before, ms: j.ms }); before = j.n;
    t0 = now();
    ws.send(JSON.stringify({ action: 'leave', room: 'bench', ref: `l${i}` }));
    const l = await untilFrames(before + connected, t0);
    leaves.push({ frames: l.n - before, ms: l.ms }); before = l.n;
  }
  const busyMicros = serverCpuMicros() - s0 - idleMicrosPerMs * (now() - t0all);
  await sleep(1000);
  const after = await presenceNow();
  ws.terminate();
  const sorted = (xs) => xs.map((x) => x.ms).sort((a, b) => a - b);
  const joinMs = sorted(joins); const leaveMs = sorted(leaves);
  result.presence = {
    members: connected, rounds: PRESENCE_ROUNDS,
    framesPerJoin: joins.reduce((s, x) => s + x.frames, 0) / PRESENCE_ROUNDS,
    framesPerLeave: leaves.reduce((s, x) => s + x.frames, 0) / PRESENCE_ROUNDS,
    extraAfterward: after - before,
    joinAllMs: { p50: quantile(joinMs, 0.5), max: joinMs[joinMs.length - 1] },
    leaveAllMs: { p50: quantile(leaveMs, 0.5), max: leaveMs[leaveMs.length - 1] },
    serverMicrosPerJoinAndLeave: busyMicros / PRESENCE_ROUNDS,
    serverMicrosPerFrame: busyMicros / (PRESENCE_ROUNDS * 2 * connected),
    replies: replies.filter((f) => f.type === 'reply').length, errors: replies.filter((f) => f.type === 'error').length,
  };
  const p = result.presence;
  log(`presence: ${p.framesPerJoin} frames per join, ${p.framesPerLeave} per leave to ${connected} members (+${p.extraAfterward} after); `
    + `all members told in p50 ${p.joinAllMs.p50?.toFixed(1)} / max ${p.joinAllMs.max?.toFixed(1)} ms; `
    + `server ${Math.round(p.serverMicrosPerJoinAndLeave)} µs per join + leave, ${p.serverMicrosPerFrame.toFixed(2)} µs per presence frame`);
}

function fmt(l) { return l ? `${l.p50.toFixed(1)}/${l.p99.toFixed(1)}/${l.max.toFixed(1)} ms` : 'n/a'; }
function write(r) { if (args.out) fs.appendFileSync(args.out, `${JSON.stringify(r)}\n`); else console.log(JSON.stringify(r, null, 1)); }

main();
