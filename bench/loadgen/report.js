'use strict';
// Turns the JSON lines written by bench.js (and "n/a" lines written by bench/run) into markdown tables.
// Usage: node report.js results.jsonl
const fs = require('fs');

const GEN_LIMIT = 90; // % of one core: at or above it, the generator may be what limits the figure
const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const int = (x) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : Math.round(x).toLocaleString('en-US'));
const gen = (p) => (p === undefined ? '' : ` (gen ${p}%${p >= GEN_LIMIT ? ', **gen-limited**' : ''})`);
const ms = (x) => (x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US'));
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : 'n/a');
// What a row is compared with: a Herald row measured next to its twin with metrics off (`<row>-nometrics`, see
// bench/README.md) is compared with that twin (the cost of metrics), one measured next to the same row of an older
// build (`<row>-base`, --base-war) with that one (the cost of a change); any other Herald row with the raw endpoint.
const baseline = (row, names) => (names.includes(`${row}-nometrics`) ? `${row}-nometrics`
  : names.includes(`${row}-base`) ? `${row}-base`
  : row.startsWith('herald-payara') ? 'raw-payara' : row.startsWith('herald-wildfly') ? 'raw-wildfly' : null);

function notes(r) {
  const out = [];
  if (r.error) out.push(`error: ${r.error}`);
  const c = r.connect;
  if (c && (c.failed || c.retries)) out.push(`connect: ${c.failed} failed, ${c.retries} retried ${JSON.stringify(c.statuses)}`);
  const m = r.moderate;
  if (m && r.moderateRate && m.events / (m.windowMs / 1000) < 0.9 * r.moderateRate) {
    out.push(`moderate: publishing fell behind, ${(m.events / (m.windowMs / 1000)).toFixed(1)} events/s`);
  }
  for (const key of ['moderate', 'saturation', 'capacity']) {
    const p = r[key];
    if (!p) continue;
    if (Object.keys(p.publishErrors).length) out.push(`${key} publish errors ${JSON.stringify(p.publishErrors)} e.g. ${p.publishErrorSample}`);
    if (Object.keys(p.closedDuring).length) out.push(`${key}: sockets closed by server ${JSON.stringify(p.closedDuring)}`);
    if (p.otherPct >= 15) out.push(`${key}: other processes used ${p.otherPct}% of a core`);
    if (p.quiet && p.quiet.waitedMs >= 3000) out.push(`${key}: waited ${Math.round(p.quiet.waitedMs / 1000)} s for other processes to calm down`);
    if (p.unconfirmed) out.push(`${key}: ${p.unconfirmed} receipts of events whose publish failed`);
    if (p.socketErrors && Object.keys(p.socketErrors).length) out.push(`${key}: socket errors ${JSON.stringify(p.socketErrors)}`);
    if (p.dups) out.push(`${key}: ${p.dups} duplicates`);
    if (p.late) out.push(`${key}: ${p.late} late events of an earlier phase`);
    if (p.recipients && p.recipients !== p.expected) out.push(`${key}: server reported ${p.recipients} recipients, expected ${p.expected}`);
    if (p.anomalyCount) out.push(`${key}: ${p.anomalyCount} odd frames, e.g. \`${p.anomalies[0].replace(/`/g, "'")}\``);
    if (p.control.error) out.push(`${key}: ${p.control.error} error frames`);
  }
  return out.join('; ');
}

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const spread = (xs, fmt) => {
  const v = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x));
  if (!v.length) return 'n/a';
  return v.length === 1 ? fmt(v[0]) : `${fmt(median(v))} [${fmt(Math.min(...v))}–${fmt(Math.max(...v))}]`;
};
const us = (x) => x.toFixed(1);
// KB per connection of a {kbPerConn} measurement (result.live, result.rss); older results have no live objects
const kbPerConn = (m) => (m && typeof m.kbPerConn === 'number' ? m.kbPerConn.toFixed(1) : 'n/a');

// One table of the rows measured for one N in one round (a run without --repeat has one round).
function roundTable(out, rows) {
  const byRow = Object.fromEntries(rows.map((r) => [r.row, r]));
  out.push('| row | connect conn/s | delivered msgs/s (saturation) | loss (sat.) | server CPU µs/delivery (server CPU %) | latency p50/p99/max ms (moderate) | loss (mod.) | server KB/idle conn: live objects / RSS | msgs/s, µs/delivery vs raw same server (or vs metrics off) | vs ws-node | notes |');
  out.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    if (r.na) { out.push(`| ${r.row} | n/a (${r.na}) |||||||||`); continue; }
    const s = r.saturation; const m = r.moderate;
    const l = m && m.latencyMs;
    const cmp = (other) => {
      const o = byRow[other]?.saturation;
      return o && s ? `${ratio(s.msgsPerSec, o.msgsPerSec)}, ${ratio(s.cpuMicrosPerDelivery, o.cpuMicrosPerDelivery)}` : 'n/a';
    };
    out.push(`| ${r.row} | ${r.connect ? `${int(r.connect.rate)}${gen(r.connect.genPct)}` : 'n/a'}`
      + ` | ${s ? `${int(s.msgsPerSec)}${gen(s.genPct)}` : 'n/a'} | ${s ? int(s.loss) : 'n/a'}`
      + ` | ${s && s.cpuMicrosPerDelivery ? `${s.cpuMicrosPerDelivery.toFixed(1)} (${s.serverCpuPct}%)` : 'n/a'}`
      + ` | ${l ? `${ms(l.p50)} / ${ms(l.p99)} / ${ms(l.max)}${gen(m.genPct)}` : 'n/a'} | ${m ? int(m.loss) : 'n/a'}`
      + ` | ${kbPerConn(r.live)} / ${kbPerConn(r.rss)}`
      + ` | ${baseline(r.row, Object.keys(byRow)) ? cmp(baseline(r.row, Object.keys(byRow))) : ''} | ${r.row !== 'ws-node' ? cmp('ws-node') : ''} | ${notes(r)} |`);
  }
  out.push('');
}

// With several rounds: per row the median over the rounds and [min–max], and the ratios of the medians; the
// µs/delivery ratio to ws-node is also listed round by round (each ratio of two rows measured in the same round).
function medianTable(out, rows, rounds) {
  const names = [...new Set(rows.map((r) => r.row))];
  const of = (row) => rows.filter((r) => r.row === row && !r.na);
  const sat = (row, key) => of(row).map((r) => r.saturation?.[key]);
  const med = (row, key) => median(sat(row, key));
  const medRatio = (row, other) => (of(other).length
    ? `${ratio(med(row, 'msgsPerSec'), med(other, 'msgsPerSec'))}, ${ratio(med(row, 'cpuMicrosPerDelivery'), med(other, 'cpuMicrosPerDelivery'))}` : 'n/a');
  out.push(`Median of ${rounds.length} rounds [min–max]; ratios are of the medians. Last column: µs/delivery ÷ ws-node's, round by round.`, '');
  out.push('| row | rounds measured | delivered msgs/s (saturation) | server CPU µs/delivery | latency p50 / p99 ms (moderate) | loss (sat. + mod., all rounds) | server KB/idle conn: live objects / RSS | msgs/s, µs/delivery vs raw same server (or vs metrics off) | vs ws-node | µs/delivery ÷ ws-node per round |');
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const row of names) {
    const rs = of(row);
    if (!rs.length) { out.push(`| ${row} | 0 of ${rounds.length} |||||||||`); continue; }
    const lat = (k) => rs.map((r) => r.moderate?.latencyMs?.[k]);
    const loss = rs.reduce((a, r) => a + (r.saturation?.loss || 0) + (r.moderate?.loss || 0), 0);
    const perRound = row === 'ws-node' ? '' : rounds.map((round) => {
      const a = rs.find((r) => r.round === round)?.saturation?.cpuMicrosPerDelivery;
      const b = rows.find((r) => r.row === 'ws-node' && r.round === round && !r.na)?.saturation?.cpuMicrosPerDelivery;
      return a && b ? (a / b).toFixed(2) : 'n/a';
    }).join(', ');
    const limited = rs.filter((r) => r.saturation?.genPct >= GEN_LIMIT).length;
    out.push(`| ${row} | ${rs.length} of ${rounds.length} | ${spread(sat(row, 'msgsPerSec'), int)}${limited ? ` (**gen-limited** in ${limited})` : ''} | ${spread(sat(row, 'cpuMicrosPerDelivery'), us)}`
      + ` | ${spread(lat('p50'), ms)} / ${spread(lat('p99'), ms)} | ${int(loss)} | ${spread(rs.map((r) => r.live?.kbPerConn ?? undefined), us)} / ${spread(rs.map((r) => r.rss?.kbPerConn ?? undefined), us)}`
      + ` | ${baseline(row, names) ? medRatio(row, baseline(row, names)) : ''} | ${row !== 'ws-node' ? medRatio(row, 'ws-node') : ''} | ${perRound} |`);
  }
  out.push('');
}

const out = [];
const measured = lines.filter((l) => l.mode === 'measure');
for (const n of [...new Set(measured.map((l) => l.n))].sort((a, b) => a - b)) {
  const rows = measured.filter((l) => l.n === n);
  const rounds = [...new Set(rows.map((r) => r.round || 1))].sort((a, b) => a - b);
  const quick = rows.some((r) => r.quick);
  const rate = rows.find((r) => r.moderateRate)?.moderateRate;
  out.push(`### N = ${n.toLocaleString('en-US')} subscribers in one room${quick ? ' (--quick)' : ''}`, '');
  out.push(`Moderate rate: ${rate ? `${rate} events/s ≈ ${int(rate * n)} deliveries/s` : 'n/a'}; `
    + 'saturation: closed-loop publishers (see README). gen = load generator CPU, % of one core.', '');
  if (rounds.length > 1) medianTable(out, rows, rounds);
  for (const round of rounds) {
    if (rounds.length > 1) out.push(`Round ${round} of ${rounds.length}${round % 2 ? '' : ' (rows in reverse order)'}:`, '');
    roundTable(out, rows.filter((r) => (r.round || 1) === round));
  }
}

const capacity = lines.filter((l) => l.mode === 'capacity');
if (capacity.length) {
  out.push('### Capacity: idle connections on one node, then one event to all of them', '');
  out.push('| row | connected / asked | connect conn/s | server RSS before → after connecting (MiB) | KB/conn: live objects / RSS | time until all received (ms) | latency p50/p99 ms | loss | notes |');
  out.push('|---|---|---|---|---|---|---|---|---|');
  for (const r of capacity) {
    if (r.na) { out.push(`| ${r.row} | n/a (${r.na}) ||||||||`); continue; }
    const p = r.capacity; const l = p && p.latencyMs;
    out.push(`| ${r.row} | ${r.connect ? `${int(r.connect.ready)} / ${int(r.n)}` : 'n/a'} | ${r.connect ? `${int(r.connect.rate)}${gen(r.connect.genPct)}` : 'n/a'}`
      + ` | ${r.rss ? `${int(r.rss.beforeKB / 1024)} → ${int(r.rss.afterKB / 1024)}` : 'n/a'} | ${kbPerConn(r.live)} / ${kbPerConn(r.rss)}`
      + ` | ${p ? int(p.lastArrivalMs) : 'n/a'} | ${l ? `${ms(l.p50)} / ${ms(l.p99)}` : 'n/a'} | ${p ? int(p.loss) : 'n/a'} | ${notes(r)} |`);
  }
  out.push('');
}
const heapRuns = lines.filter((l) => l.mode === 'heap');
if (heapRuns.length) {
  const kb = (b) => (b === null || b === undefined || Number.isNaN(b) ? 'n/a' : (b / 1024).toFixed(1));
  out.push('### What idle connections hold: per connection, KB (1 KB = 1,024 B)', '');
  out.push('Live objects: the sizes of all objects in `GC.class_histogram` (which runs a full GC first), after − before connecting. '
    + 'Live heap: heap used after that full GC (`GC.heap_info`). '
    + 'Native: NMT committed outside the Java heap. RSS: VmRSS after − before (includes heap the JVM chose to commit).', '');
  out.push('| row | N connected | seconds after connect | open | live objects | live heap | native (NMT, non-heap) | NMT total | RSS | largest growth by class, B/conn |');
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of heapRuns) {
    if (r.na || !r.heap) { out.push(`| ${r.row} | n/a (${r.na || r.error}) |||||||||`); continue; }
    for (const h of r.heap) {
      const nmt = h.nmtBytesPerConn;
      const native = nmt.Total !== undefined ? nmt.Total - (nmt['Java Heap'] || 0) : null;
      const top = h.classes.slice(0, 8).map((c) => `${c.name.replace(/^.*\./, '')} ${Math.round(c.bytesPerConn)}`).join(', ');
      out.push(`| ${r.row} | ${int(r.connect?.ready)} | ${h.atS} | ${int(h.open)} | ${kb(h.histogramBytesPerConn)} | ${kb(h.liveHeapBytesPerConn)} | ${kb(native)} | ${kb(nmt.Total)} | ${kb(h.rssBytesPerConn)} | ${top} |`);
    }
  }
  out.push('');
}
const firstEvent = lines.filter((l) => l.mode === 'first-event');
if (firstEvent.length) {
  const f0 = firstEvent.find((r) => r.firstEvent)?.firstEvent;
  out.push('### First event after connect, to a client that sends nothing', '');
  out.push(`Each attempt: a fresh socket of a new user (${f0 ? `${f0.tenants} new tenants, ${f0.lanes} attempts at a time` : 'n/a'}) that sends nothing; at its \`welcome\` `
    + '(raw rows and ws-node: at open) one event addressed to that user is published over HTTP. Time until it arrives, from the publish '
    + `request's start and from its 202 (negative: the event came first). Lost: not there within ${f0 ? f0.lossMs : 'n/a'} ms.`, '');
  out.push('| row | measured from | n | lost | p50 ms | p90 ms | p99 ms | max ms | notes |');
  out.push('|---|---|---|---|---|---|---|---|---|');
  for (const r of firstEvent) {
    const f = r.firstEvent;
    if (r.na || !f) { out.push(`| ${r.row} | n/a (${r.na || r.error}) ||||||||`); continue; }
    const lost = f.lost.length ? `**${int(f.lost.length)} LOST**` : '0';
    const extra = [];
    if (Object.keys(f.connectFailed).length) extra.push(`connect failed ${JSON.stringify(f.connectFailed)}`);
    if (Object.keys(f.publishErrors).length) extra.push(`publish errors ${JSON.stringify(f.publishErrors)} e.g. ${f.publishErrorSample}`);
    if (f.noRecipients) extra.push(`${f.noRecipients} publishes answered recipients 0`);
    if (f.lost.length) extra.push(`lost e.g. ${f.lost.slice(0, 3).join(', ')}`);
    if (r.error) extra.push(`error: ${r.error}`);
    const ready = f.summary.ready;
    extra.push(`${int(f.attempts)} attempts; connect to ${r.row.startsWith('herald') ? 'welcome' : 'open'} p50 ${ready ? ms(ready.p50) : 'n/a'} ms`);
    for (const [from, label] of [['fromStart', 'publish start'], ['from202', '202']]) {
      const q = f.summary[from];
      const cell = (x) => (q ? ms(x) : 'n/a');
      out.push(`| ${r.row} | ${label} | ${q ? int(q.n) : 0} | ${lost} | ${cell(q?.p50)} | ${cell(q?.p90)} | ${cell(q?.p99)} | ${cell(q?.max)} | ${from === 'fromStart' ? extra.join('; ') : ''} |`);
    }
  }
  out.push('');
}
const presenceRuns = lines.filter((l) => l.mode === 'presence');
if (presenceRuns.length) {
  out.push('### Presence: one more member of a room with N members', '');
  out.push('N sockets of N users in one room with presence; then, each round, one more user joins the room and leaves it '
    + '(an explicit `leave`: told at once). Frames: `presence` frames the N members received per join and per leave (at '
    + 'most one per member). Told in: from the `join` sent until every member had its frame. Server CPU: per join + leave, '
    + 'beyond what the server spends idle, and per presence frame.', '');
  out.push('| row | N | rounds | frames per join / per leave | told in p50 / max ms (join) | server µs per join + leave | µs per presence frame | frames while connecting (N(N-1)/2 expected) | notes |');
  out.push('|---|---|---|---|---|---|---|---|---|');
  for (const r of presenceRuns) {
    const p = r.presence;
    if (r.na || !p) { out.push(`| ${r.row} | ${r.n} | n/a (${r.na || r.error}) ||||||`); continue; }
    const c = r.presenceAtConnect;
    const notes = [`${p.replies} replies, ${p.errors} errors`, `+${p.extraAfterward} frames after the last round`];
    if (r.error) notes.push(`error: ${r.error}`);
    out.push(`| ${r.row} | ${int(p.members)} | ${p.rounds} | ${p.framesPerJoin} / ${p.framesPerLeave} | ${ms(p.joinAllMs.p50)} / ${ms(p.joinAllMs.max)} `
      + `| ${int(Math.round(p.serverMicrosPerJoinAndLeave))} | ${p.serverMicrosPerFrame.toFixed(2)} | ${int(c.frames)} (${int(c.expected)}) | ${notes.join('; ')} |`);
  }
  out.push('');
}
console.log(out.join('\n'));
