// The operations dashboard (seed 000's face-recognition hub, seed 004's metrics and alerts): totals, one live chart per
// metric (hand-written SVG), the latest face and verification events, and alerts. Only events of the subscribed
// types reach the page; every figure counts from when it opened.
import { connect, userOr, announce, el, time, tenant } from './session.js';

const POINTS = 30;            // readings a chart shows (a minute of the demo feed)
const ACTIVITY_ROWS = 12;
const ALERT_ITEMS = 20;
const RATE_WINDOW_MS = 60_000;
const W = 320;                // the charts' SVG coordinate space
const H = 110;
const PAD = 8;
const COLOURS = ['#2f4fc9', '#b5421a', '#1f7a4d', '#7b3fb5'];
const $ = (id) => document.getElementById(id);

const totals = { faces: 0, deleted: 0, verifications: 0, matched: 0, alerts: 0, critical: 0 };
const recent = [];            // arrival times of the last minute's events, for the rate
/** metric → {values: number[], unit, figure} */
const series = new Map();

const herald = connect(userOr('alice'), { types: ['face.*', 'verification.*', 'alert.*', 'metric.*'] });
$('tenant').textContent = tenant;

herald.on('*', (e) => { if (e.id) { recent.push(Date.now()); renderRate(); } });

herald.on('face.*', (e) => {
  if (e.type === 'face.registered') totals.faces += 1;
  if (e.type === 'face.deleted') totals.deleted += 1;
  activity(e, e.type === 'face.registered' ? `external id ${e.data?.external_id ?? '–'}${e.data?.camera ? ` · ${e.data.camera}` : ''}` : 'removed from the index');
  renderTotals();
});

herald.on('verification.*', (e) => {
  totals.verifications += 1;
  if (e.data?.matched) totals.matched += 1;
  const score = typeof e.data?.score === 'number' ? ` · score ${e.data.score.toFixed(2)}` : '';
  const latency = typeof e.data?.latency_ms === 'number' ? ` · ${e.data.latency_ms} ms` : '';
  activity(e, `${e.data?.matched ? 'matched' : 'no match'}${score}${latency}`, e.data?.matched ? 'ok' : 'warn');
  renderTotals();
});

herald.on('alert.*', (e) => {
  totals.alerts += 1;
  const severity = String(e.data?.severity ?? 'info').toLowerCase();
  if (severity === 'critical') totals.critical += 1;
  const chip = { critical: 'chip-crit', warning: 'chip-warn' }[severity] ?? 'chip-info';
  const li = el('li', { className: 'arrived', dataset: { severity } },
    el('span', { className: `chip ${chip}` }, severity),
    el('div', {}, el('p', {}, e.data?.message ?? e.type), e.data?.source ? el('p', { className: 'src' }, e.data.source) : null),
    time(e.timestamp));
  $('alerts').prepend(li);
  while ($('alerts').children.length > ALERT_ITEMS) $('alerts').lastElementChild.remove();
  $('alerts-empty').hidden = true;
  if (severity === 'critical') announce(`Critical alert: ${e.data?.message ?? ''}`);
  renderTotals();
});

herald.on('metric.*', (e) => {
  const name = e.data?.metric;
  const value = Number(e.data?.value);
  if (typeof name !== 'string' || !Number.isFinite(value)) return;
  let s = series.get(name);
  if (!s) {
    s = { values: [], unit: e.data.unit ?? '', figure: chart(name, COLOURS[series.size % COLOURS.length]) };
    series.set(name, s);
    $('charts-empty')?.remove();
    $('charts').append(s.figure);
  }
  s.values.push(value);
  if (s.values.length > POINTS) s.values.shift();
  draw(name, s);
});

function activity(e, detail, tone) {
  const row = el('tr', { className: 'arrived', dataset: { type: e.type } },
    el('td', {}, time(e.timestamp)),
    el('td', {}, el('span', { className: `chip ${tone === 'ok' ? 'chip-ok' : tone === 'warn' ? 'chip-warn' : 'chip-info'}` }, e.type)),
    el('td', {}, el('code', {}, e.data?.face_id ?? '–')),
    el('td', {}, detail));
  $('activity').prepend(row);
  while ($('activity').rows.length > ACTIVITY_ROWS) $('activity').deleteRow(-1);
  $('activity-empty').hidden = true;
}

function renderTotals() {
  $('kpi-faces').textContent = totals.faces;
  $('kpi-faces-sub').textContent = `${totals.deleted} deleted`;
  $('kpi-verifications').textContent = totals.verifications;
  $('kpi-verifications-sub').textContent = totals.verifications
    ? `match rate ${Math.round(100 * totals.matched / totals.verifications)} %` : 'match rate –';
  $('kpi-alerts').textContent = totals.alerts;
  $('kpi-alerts-sub').textContent = `${totals.critical} critical`;
}

function renderRate() {
  const since = Date.now() - RATE_WINDOW_MS;
  while (recent.length && recent[0] < since) recent.shift();
  $('kpi-rate').textContent = recent.length;
}
setInterval(renderRate, 5000);

// ---- charts: one figure per metric; the SVG is redrawn from the values, newest on the right

function chart(name, colour) {
  const id = `chart-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const gradient = `${id}-fill`;
  const svg = el('svg:svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-desc` },
    el('svg:defs', {}, el('svg:linearGradient', { id: gradient, x1: 0, x2: 0, y1: 0, y2: 1 },
      el('svg:stop', { offset: '0%', 'stop-color': colour, 'stop-opacity': '.28' }),
      el('svg:stop', { offset: '100%', 'stop-color': colour, 'stop-opacity': '0' }))),
    ...[0.25, 0.5, 0.75].map((f) => el('svg:line', { x1: 0, x2: W, y1: H * f, y2: H * f, stroke: '#e3e8f1', 'stroke-width': 1 })),
    el('svg:path', { className: 'area', fill: `url(#${gradient})`, d: '' }),
    el('svg:polyline', { className: 'line', fill: 'none', stroke: colour, 'stroke-width': 2.5, 'stroke-linejoin': 'round', 'stroke-linecap': 'round', 'vector-effect': 'non-scaling-stroke', points: '' }),
    el('svg:circle', { className: 'last', r: 4, fill: colour, stroke: '#fff', 'stroke-width': 2, cx: -10, cy: -10 }));
  return el('figure', { className: 'card chart', id, dataset: { metric: name, count: '0' } },
    el('figcaption', {},
      el('span', { className: 'chart-name' }, name.replace(/_/g, ' ')),
      el('span', { className: 'chart-value' }, '–'),
      el('span', { className: 'chart-unit' }, '')),
    svg,
    el('p', { className: 'chart-range', id: `${id}-desc` }, ''));
}

function draw(name, s) {
  const f = s.figure;
  const values = s.values;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const lo = min >= 0 ? 0 : min - (max - min) * 0.15;       // counts and durations: from zero, so a wobble looks like one
  const hi = max + Math.max(max - lo, 1) * 0.15;
  const step = (W - 2 * PAD) / (POINTS - 1);
  const pts = values.map((v, i) => [W - PAD - (values.length - 1 - i) * step, PAD + (H - 2 * PAD) * (1 - (v - lo) / (hi - lo))]);
  const points = pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  f.querySelector('polyline').setAttribute('points', points);
  f.querySelector('path').setAttribute('d', pts.length > 1
    ? `M${pts[0][0].toFixed(1)},${H} L${points.replace(/ /g, ' L')} L${pts.at(-1)[0].toFixed(1)},${H} Z` : '');
  const [lx, ly] = pts.at(-1);
  const dot = f.querySelector('circle');
  dot.setAttribute('cx', lx.toFixed(1));
  dot.setAttribute('cy', ly.toFixed(1));
  const last = values.at(-1);
  f.dataset.count = String(values.length);
  f.dataset.last = String(last);
  f.querySelector('.chart-value').textContent = format(last);
  f.querySelector('.chart-unit').textContent = s.unit;
  f.querySelector('.chart-range').textContent =
    `${name.replace(/_/g, ' ')}: now ${format(last)} ${s.unit}, min ${format(min)}, max ${format(max)} over the last ${values.length} readings`;
}

function format(v) {
  return Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(1);
}

renderTotals();
