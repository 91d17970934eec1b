// Drives the demo page in Debian's Chromium: it must connect with a dev token, then show an event that this script
// publishes over the HTTP API. Prints one JSON line; exits non-zero with the reason when the page falls short.
// Usage: node demo-page.mjs <base url ending in /> <screenshot path>
import { chromium } from 'playwright-core';

const [base, screenshot] = process.argv.slice(2);
const deadline = (ms) => ({ timeout: ms });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 600 } });
  await page.goto(base);
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('live as alice@demo'), null, deadline(20000));

  const marker = `m-${Date.now()}`;
  const { token } = await (await fetch(new URL('dev/token?tenant=demo&user=it&roles=herald-publisher', base))).json();
  const res = await fetch(new URL('api/v1/events', base), {
    method: 'POST',
    headers: { 'Authorization': `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'it.browser', user: 'alice', data: { marker } }),
  });
  if (res.status !== 202) throw new Error(`publish answered ${res.status}: ${await res.text()}`);
  const { id } = await res.json();

  const row = page.locator('#events tr', { hasText: marker });
  await row.waitFor(deadline(15000));
  const cells = await row.locator('td').allTextContents();
  if (cells[1] !== 'it.browser' || cells[2] !== id) throw new Error(`row shows ${JSON.stringify(cells)}, expected it.browser ${id}`);
  if (screenshot) await page.screenshot({ path: screenshot });
  console.log(JSON.stringify({ ok: true, id, cells }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e) }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
