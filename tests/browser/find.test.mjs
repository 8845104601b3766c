// "Find your cluster" in a real browser: the list works with JavaScript off,
// and with it on the filter narrows the list and says how many match.
// Builds the real site itself into a fresh folder (with the release binary),
// so it never tests a stale public/; FIND_SITE names a site built elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { launchBrowser } from './lib/browser-checks.mjs';
import { startStaticServer } from './lib/static-server.mjs';
import { buildRealSite } from './lib/real-site.mjs';

const site = process.env.FIND_SITE ?? buildRealSite('find-test-');

function schoolsAndCentres() {
  const csv = path.join(site, 'open-data/schools-and-centres.csv');
  assert.ok(fs.existsSync(csv), `no built site at ${site}: run cargo run --release -- build first`);
  const rows = fs.readFileSync(csv, 'utf8').trim().split('\r\n').slice(1);
  // The first field, unquoting RFC 4180 quotes.
  return rows.map((row) => (row.startsWith('"') ? row.slice(1, row.indexOf('",')).replaceAll('""', '"') : row.split(',')[0]));
}

async function withPage(options, work) {
  const server = await startStaticServer(site);
  const browser = await launchBrowser(chromium);
  try {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    await page.goto(`${server.origin}/find/`);
    await work(page, server.origin);
  } finally {
    await browser.close();
    await server.close();
  }
}

const visibleNames = (page) => page.$$eval('li[data-name]', (items) => items.filter((li) => li.offsetParent !== null).map((li) => li.dataset.name));

test('without JavaScript the find page lists every school and centre, and each link resolves', async () => {
  const expected = schoolsAndCentres();
  await withPage({ javaScriptEnabled: false }, async (page, origin) => {
    const names = new Set(await visibleNames(page));
    for (const name of expected) assert.ok(names.has(name), `${name} is not listed`);
    assert.equal(await page.$('#find-input'), null, 'no filter box without JavaScript');
    const hrefs = await page.$$eval('#find-list a', (links) => [...new Set(links.map((a) => a.getAttribute('href')))]);
    assert.ok(hrefs.length > 0);
    for (const href of hrefs) {
      const response = await page.request.get(origin + href);
      assert.equal(response.status(), 200, href);
    }
  });
});

test('with JavaScript, typing filters the list tolerantly and announces the count', async () => {
  await withPage({}, async (page) => {
    await page.keyboard.press('Tab'); // skip link
    await page.focus('#find-input');
    const cases = [
      ['st marys', ["Mount St Mary's High"]],
      ["ST. PATRICK'S", ["St Patrick's"]],
      ['shakespeare', ['Shakespeare', 'Shakespeare']],
    ];
    for (const [query, expected] of cases) {
      await page.fill('#find-input', '');
      await page.keyboard.type(query);
      assert.deepEqual((await visibleNames(page)).sort(), expected.sort(), query);
      const status = await page.textContent('#find-count');
      assert.equal(status, `${expected.length} ${expected.length === 1 ? 'result' : 'results'}`);
      assert.equal(await page.getAttribute('#find-count', 'aria-live'), 'polite');
    }
    // Clearing the box brings the whole list back.
    await page.fill('#find-input', '');
    // (The real content has no shared school, so one entry per CSV row.)
    assert.equal((await visibleNames(page)).length, schoolsAndCentres().length);
  });
});
