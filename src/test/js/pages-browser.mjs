// What the pages' browser scripts share: Debian's Chromium through playwright-core (PLATFORM-NOTES: `npx playwright
// install` cannot download browsers here), a page of /pages/ opened as a user, and Herald's HTTP API as a publisher.
import { chromium } from 'playwright-core';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: FLAGS });
}

/**
 * Opens pages/<name>.html (or pages/<file>) as `user` in a fresh browser context (its own storage: another device) and
 * waits until its status says the connection is open. Page errors and console errors are collected in `page.problems`.
 */
export async function openPage(browser, base, name, user, { hash = '', viewport = { width: 1280, height: 800 }, file = `${name}.html` } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`${name}/${user}: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`${name}/${user}: ${m.text()}`); });
  await page.goto(new URL(`pages/${file}?user=${encodeURIComponent(user)}${hash}`, base).href);
  await page.locator('#status[data-state="open"]').waitFor({ timeout: 20000 });
  return page;
}

/** Herald's HTTP API at base as a publisher of tenant demo (a dev token: the deployment has the dev endpoint on). */
export async function publisher(base, tenant = 'demo') {
  const res = await fetch(new URL(`dev/token?tenant=${tenant}&user=it-publisher&roles=herald-publisher`, base));
  if (!res.ok) throw new Error(`dev/token answered ${res.status}`);
  const { token } = await res.json();
  return async (event) => {
    const r = await fetch(new URL('api/v1/events', base), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(event),
    });
    if (r.status !== 202) throw new Error(`publish answered ${r.status}: ${await r.text()}`);
    return (await r.json()).id;
  };
}

const AXE = new URL('./node_modules/axe-core/axe.min.js', import.meta.url).pathname;
/** The WCAG 2.1 A and AA rules and axe's best practices (landmarks, one main, heading order, …). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Runs axe-core (an accessibility engine) on the page as it is now; @returns the violations, one line each
 * (rule, impact, the elements), an empty list when there are none.
 */
export async function audit(page) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (tags) => {
    const result = await globalThis.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, AXE_TAGS);
  return violations;
}
