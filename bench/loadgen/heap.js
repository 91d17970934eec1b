'use strict';
// What a JVM holds, read with jcmd, for bench.js's heap mode: live objects by class (GC.class_histogram, which runs
// a full GC first), heap used after that GC (GC.heap_info), native memory by category (VM.native_memory summary,
// when the JVM runs with -XX:NativeMemoryTracking=summary) and VmRSS. Snapshots are diffed per connection.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const jcmd = (pid, ...cmd) => execFileSync('jcmd', [String(pid), ...cmd], { timeout: 120000, maxBuffer: 256 << 20 }).toString();

// Instances and bytes by class name; classes of the same name from several loaders are added up.
function parseHistogram(text) {
  const byClass = new Map();
  let total = 0;
  for (const line of text.split('\n')) {
    const m = line.match(/^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)/);
    if (!m) continue;
    const name = m[3].replace(/\/0x[0-9a-f]+$/, '').replace(/\$\$Lambda\$\d+/, '$$$$Lambda');
    const e = byClass.get(name) || { instances: 0, bytes: 0 };
    e.instances += Number(m[1]);
    e.bytes += Number(m[2]);
    byClass.set(name, e);
    total += Number(m[2]);
  }
  return { byClass, total };
}

// KB used and committed by the heap, after the full GC the histogram ran.
function parseHeapInfo(text) {
  const m = text.match(/total (\d+)K, used (\d+)K/);
  return m ? { committedKB: Number(m[1]), usedKB: Number(m[2]) } : null;
}

// Committed KB by NMT category, and the total; null when NMT is off.
function parseNmt(text) {
  const total = text.match(/Total: reserved=(\d+)KB, committed=(\d+)KB/);
  if (!total) return null;
  const categories = { Total: Number(total[2]) };
  for (const m of text.matchAll(/^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB\)/gm)) categories[m[1].trim()] = Number(m[2]);
  return categories;
}

function rssKB(pid) {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
  return m ? Number(m[1]) : NaN;
}

// One snapshot; the raw jcmd outputs are kept in dir as <label>.histo.txt, .heap.txt, .nmt.txt.
function snapshot(pid, dir, label) {
  fs.mkdirSync(dir, { recursive: true });
  const histo = jcmd(pid, 'GC.class_histogram');
  const heap = jcmd(pid, 'GC.heap_info');
  let nmt = '';
  try { nmt = jcmd(pid, 'VM.native_memory', 'summary'); } catch { /* NMT off */ }
  fs.writeFileSync(path.join(dir, `${label}.histo.txt`), histo);
  fs.writeFileSync(path.join(dir, `${label}.heap.txt`), heap);
  if (nmt) fs.writeFileSync(path.join(dir, `${label}.nmt.txt`), nmt);
  return { label, rssKB: rssKB(pid), heap: parseHeapInfo(heap), nmt: parseNmt(nmt), histogram: parseHistogram(histo) };
}

// Per connection: live heap, histogram classes (the top ones by bytes, either way), NMT categories, RSS.
function diff(before, after, n, top = 60) {
  const classes = [];
  const names = new Set([...before.histogram.byClass.keys(), ...after.histogram.byClass.keys()]);
  for (const name of names) {
    const b = before.histogram.byClass.get(name) || { instances: 0, bytes: 0 };
    const a = after.histogram.byClass.get(name) || { instances: 0, bytes: 0 };
    if (a.bytes !== b.bytes) classes.push({ name, instancesPerConn: (a.instances - b.instances) / n, bytesPerConn: (a.bytes - b.bytes) / n });
  }
  classes.sort((x, y) => Math.abs(y.bytesPerConn) - Math.abs(x.bytesPerConn));
  const nmt = {};
  if (before.nmt && after.nmt) {
    for (const k of Object.keys(after.nmt)) nmt[k] = ((after.nmt[k] - (before.nmt[k] || 0)) * 1024) / n;
  }
  return {
    label: after.label,
    rssBytesPerConn: ((after.rssKB - before.rssKB) * 1024) / n,
    liveHeapBytesPerConn: before.heap && after.heap ? ((after.heap.usedKB - before.heap.usedKB) * 1024) / n : null,
    histogramBytesPerConn: (after.histogram.total - before.histogram.total) / n,
    nmtBytesPerConn: nmt,
    classes: classes.slice(0, top),
  };
}

// Bytes of all live objects: the class histogram's total (it runs a full GC first).
function liveBytes(pid) {
  return parseHistogram(jcmd(pid, 'GC.class_histogram')).total;
}

module.exports = { snapshot, diff, liveBytes };
