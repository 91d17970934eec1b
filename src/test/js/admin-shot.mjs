// Makes docs/admin.png: the admin page of a running dev Herald (herald.dev.enabled=true, e.g. the README's run
// command) while this script makes some traffic: WebSocket clients of three tenants in a few rooms, events published
// over the HTTP API at a few rates. Bounded: about 45 s, then it closes everything it opened.
// Usage: node admin-shot.mjs <base url ending in /> <png path>
import { chromium } from 'playwright-core';

const [base, out] = process.argv.slice(2);
const SECONDS = 40;
const token = async (q) => (await (await fetch(new URL(`dev/token?${q}`, base))).json()).token;
const TENANTS = [                 // tenant, clients, rooms, events per second
  { tenant: 'acme', clients: 14, rooms: ['orders', 'support', 'ops-room'], rate: 24 },
  { tenant: 'globex', clients: 8, rooms: ['trades', 'alerts'], rate: 8 },
  { tenant: 'initech', clients: 4, rooms: ['tps-reports'], rate: 2 },
];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const timers = [];
try {
  const clients = await browser.newPage();
  await clients.goto(new URL('admin', base).href);   // the server's own origin: herald.allowed-origins takes it
  for (const t of TENANTS) {
    for (let i = 0; i < t.clients; i++) {
      const rooms = t.rooms.slice(0, 1 + (i % t.rooms.length)).join(',');
      const jwt = await token(`tenant=${t.tenant}&user=u${i % 6}`);
      const url = new URL(`ws?access_token=${jwt}&rooms=${rooms}`, base);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      await clients.evaluate((u) => { (window.sockets ??= []).push(new WebSocket(u, ['herald.v1.ndjson'])); }, url.href);
    }
    const publisher = await token(`tenant=${t.tenant}&user=feed&roles=herald-publisher`);
    let n = 0;
    timers.push(setInterval(() => {
      const room = t.rooms[n++ % t.rooms.length];
      fetch(new URL('api/v1/events', base), {
        method: 'POST', headers: { Authorization: `Bearer ${publisher}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'shot.tick', room, data: { n } }),
      }).catch(() => {});
    }, 1000 / t.rate));
  }
  const admin = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await admin.goto(new URL('admin', base).href);
  await admin.click('#use-dev');
  await admin.locator('#dash').waitFor({ timeout: 20000 });
  await admin.waitForTimeout(SECONDS * 1000);
  await admin.fill('#search-tenant', 'acme');
  await admin.fill('#search-user', 'u1');
  await admin.click('#search button');
  await admin.locator('#session-rows tr').first().waitFor({ timeout: 10000 });
  await admin.screenshot({ path: out, fullPage: true });
  console.log(JSON.stringify({ ok: true, out }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e) }));
  process.exitCode = 1;
} finally {
  timers.forEach(clearInterval);
  await browser.close();
}
