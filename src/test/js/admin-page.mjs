// Drives the admin page in Debian's Chromium against a real Herald (deployed with herald.dev.enabled=true):
// the page gets a dev admin token and shows the live connection count, which changes when test WebSocket clients
// connect; its disconnect button closes that user's sessions (the clients see 4401) and nobody else's; a non-admin
// token is refused. Prints one JSON line; exits non-zero with the reason when the page falls short.
// Usage: node admin-page.mjs <base url ending in /> <tenant> <non-admin token> <token of <tenant>/victim> <token of a bystander> [screenshot]
import { chromium } from 'playwright-core';

const [base, TENANT, plainToken, victimToken, bystanderToken, screenshot] = process.argv.slice(2);
const wait = (ms) => ({ timeout: ms });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const text = (page, sel) => page.locator(sel).textContent();
const tenantConnections = (page, tenant) => page.evaluate((t) => {
  const row = document.querySelector(`#tenants tr[data-tenant="${t}"]`);
  return row ? Number(row.cells[1].textContent) : 0;
}, tenant);

/** A test client: a raw WebSocket in a page of its own, open once its welcome came; remembers its close code. */
async function client(token) {
  const page = await browser.newPage();
  const url = new URL(`ws?access_token=${encodeURIComponent(token)}&rooms=lobby`, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  await page.evaluate((u) => new Promise((resolve, reject) => {
    const ws = new WebSocket(u, ['herald.v1.ndjson']);
    window.closeCode = null;
    window.ws = ws;
    ws.onmessage = (m) => { if (m.data.includes('"welcome"')) resolve(); };
    ws.onclose = (e) => { window.closeCode = e.code; reject(new Error(`closed ${e.code}`)); };
  }), url.href);
  return page;
}

async function until(what, check, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

try {
  const admin = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  admin.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  admin.on('pageerror', (e) => problems.push(String(e)));
  await admin.goto(new URL('admin', base).href);
  await admin.click('#use-dev');
  await admin.locator('#dash').waitFor(wait(20000));
  await until('a first figure', async () => /^\d+$/.test(await text(admin, '#connections')));
  const before = Number(await text(admin, '#connections'));

  const victims = [await client(victimToken), await client(victimToken)];
  const bystander = await client(bystanderToken);
  await until(`3 more connections shown (from ${before})`, async () =>
    Number(await text(admin, '#connections')) === before + 3 && await tenantConnections(admin, TENANT) === 3);
  const shown = Number(await text(admin, '#connections'));

  await admin.locator(`#tenants tr[data-tenant="${TENANT}"]`).click();
  await admin.fill('#search-user', 'victim');
  await admin.click('#search button');
  await until('two sessions listed', async () => await admin.locator('#session-rows tr').count() === 2);
  await admin.click('#disconnect');
  await until('4401 at both clients of the user', async () =>
    (await Promise.all(victims.map((p) => p.evaluate(() => window.closeCode)))).every((c) => c === 4401));
  await until('the note says 2 closed', async () => (await text(admin, '#sessions-note')).includes('closed 2 sessions'));
  if (await bystander.evaluate(() => window.ws.readyState) !== 1) throw new Error('the bystander was closed too');
  await until('the count goes down', async () => await tenantConnections(admin, TENANT) === 1
    && Number(await text(admin, '#connections')) === shown - 2);
  if (screenshot) await admin.screenshot({ path: screenshot, fullPage: true });

  const refused = await browser.newPage();
  await refused.goto(new URL('admin', base).href);
  await refused.fill('#token', plainToken);
  await refused.click('#use-token');
  await refused.locator('#refusal').waitFor(wait(15000));
  const refusal = await text(refused, '#refusal');
  if (!refusal.includes('not herald-admin') || !refusal.includes('herald.stats is for herald-admin only')) {
    throw new Error(`refusal reads: ${refusal}`);
  }
  if (await refused.locator('#dash').isVisible()) throw new Error('the dashboard shows for a non-admin');
  if (problems.length) throw new Error(`the page logged errors: ${problems.join(' | ')}`);
  console.log(JSON.stringify({ ok: true, before, shown, refusal }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e) }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
