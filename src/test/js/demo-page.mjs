// Drives the demo page in Debian's Chromium: it must connect with a dev token, then show an event that this script
// publishes over the HTTP API. Prints one JSON line; exits non-zero with the reason when the page falls short.
// Usage: node demo-page.mjs <base url ending in /> <screenshot path>
import { runCheck, publisherOf } from './browser.mjs';

const [base, screenshot] = process.argv.slice(2);
const deadline = (ms) => ({ timeout: ms });
await runCheck(async (browser) => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 600 } });
  await page.goto(base);
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('live as alice@demo'), null, deadline(20000));

  const marker = `m-${Date.now()}`;
  const id = await (await publisherOf(base, 'demo')).publish({ type: 'it.browser', user: 'alice', data: { marker } });

  const row = page.locator('#events tr', { hasText: marker });
  await row.waitFor(deadline(15000));
  const cells = await row.locator('td').allTextContents();
  if (cells[1] !== 'it.browser' || cells[2] !== id) throw new Error(`row shows ${JSON.stringify(cells)}, expected it.browser ${id}`);
  if (screenshot) await page.screenshot({ path: screenshot });
  return { id, cells };
});
