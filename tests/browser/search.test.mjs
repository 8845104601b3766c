// Search by need in a real browser. With JavaScript, /search/ queries the
// site's own Pagefind index: "speech" finds the speech and language therapy
// service first, "counselling" the well-being and therapy work, and a search
// with no result says what to try instead. With JavaScript off, the form
// reloads /search/, whose "Help by topic" pages list the same services, and
// every link on them answers 200. Nothing loads from another origin.
// Builds the real site itself (release binary); SEARCH_SITE names one built elsewhere.
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import os from 'node:os';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { launchBrowser } from './lib/browser-checks.mjs';
import { startStaticServer } from './lib/static-server.mjs';
import { buildRealSite, releaseBinary } from './lib/real-site.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const site = process.env.SEARCH_SITE ?? buildRealSite('search-test-');

// The Content-Security-Policy README states for the site. Every page is
// served with it here, so search must work under it.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
  + "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

async function withPage(options, work) {
  const server = await startStaticServer(site);
  const browser = await launchBrowser(chromium);
  const requests = [];
  const refused = [];
  try {
    const context = await browser.newContext(options);
    await context.route('**/*', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) refused.push(message.text());
    });
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${server.origin}/search/`);
    await work(page, server.origin);
    const elsewhere = requests.filter((url) => !url.startsWith(server.origin));
    assert.deepEqual(elsewhere, [], 'nothing loads from another origin');
    assert.deepEqual(refused, [], 'the stated CSP refuses nothing');
  } finally {
    await browser.close();
    await server.close();
  }
}

async function search(page, query) {
  await page.fill('#search-input', '');
  await page.focus('#search-input');
  await page.keyboard.type(query);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    const text = document.getElementById('search-status').textContent;
    return text !== '' && text !== 'Searching…';
  });
  const status = await page.textContent('#search-status');
  const results = await page.$$eval('#search-results > li', (items) => items.map((li) => ({
    href: li.querySelector('a').getAttribute('href'),
    title: li.querySelector('a').textContent,
    meta: li.querySelector('.search-meta')?.textContent ?? '',
  })));
  return { status, results };
}

test('with JavaScript, "speech" finds the speech and language therapy service first, with its kind and cluster', async () => {
  await withPage({}, async (page) => {
    const { status, results } = await search(page, 'speech');
    assert.ok(results.length >= 1, status);
    assert.equal(results[0].href, '/clusters/inner-east/services/speech-and-language-therapy/');
    assert.equal(results[0].title, 'Speech and language therapy');
    assert.equal(results[0].meta, 'Service, Inner East cluster');
    assert.match(status, new RegExp(`^${results.length} results? for “speech”`));
    assert.equal(await page.getAttribute('#search-status', 'aria-live'), 'polite');
    assert.ok(page.url().endsWith('/search/?q=speech'), 'the address keeps the search');
  });
});

test('with JavaScript, "counselling" finds the well-being and therapy work', async () => {
  await withPage({}, async (page) => {
    const { results } = await search(page, 'counselling');
    const services = results.filter((r) => r.meta.startsWith('Service'));
    assert.equal(services[0]?.href, '/clusters/inner-east/services/well-being-and-therapy/', JSON.stringify(results));
  });
});

// The index is in parts (README, "Search"): /search/ loads the main part and
// merges the others; results come from all of them.
test('the index is in parts: /search/ merges every part of its language', async () => {
  const listing = JSON.parse(fs.readFileSync(path.join(site, 'pagefind/parts.json'), 'utf8'));
  assert.ok(listing.en.length >= 2, `this site has ${listing.en.length} English part(s)`);
  await withPage({}, async (page) => {
    const asked = [];
    page.context().on('request', (request) => {
      const at = new URL(request.url()).pathname;
      if (at.startsWith('/pagefind/')) asked.push(at);
    });
    const { results } = await search(page, 'cluster');
    for (const part of listing.en) {
      assert.ok(asked.includes(`${part}pagefind-entry.json`), `${part} not loaded: ${asked.join(' ')}`);
    }
    const hrefs = results.map((r) => r.href);
    assert.ok(hrefs.some((h) => h.startsWith('/clusters/')), `a cluster page: ${hrefs}`);
    assert.ok(hrefs.some((h) => !h.startsWith('/clusters/')), `a city-wide page: ${hrefs}`);
    const first = asked.length;
    await search(page, 'speech');
    console.log(`# ${listing.en.length} parts, ${results.length} results shown: the first search asked ${first} files of /pagefind/, the next ${asked.length - first}`);
  });
});

test('a search with no result says what to try instead: the find page and the Families First number', async () => {
  await withPage({}, async (page) => {
    const { status, results } = await search(page, 'xylophonequartz');
    assert.deepEqual(results, []);
    assert.equal(status, 'No results for “xylophonequartz”.');
    assert.ok(await page.isVisible('#search-none'));
    const help = await page.textContent('#search-none');
    assert.match(help, /find your cluster/);
    assert.match(help, /0113 395 2613/);
    assert.ok(await page.$('#search-none a[href="/find/"]'));
  });
});

test('a search in the address runs when the page opens', async () => {
  const server = await startStaticServer(site);
  const browser = await launchBrowser(chromium);
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.origin}/search/?q=behaviour`);
    await page.waitForSelector('#search-results > li');
    assert.equal(await page.inputValue('#search-input'), 'behaviour');
  } finally {
    await browser.close();
    await server.close();
  }
});

test('without JavaScript, the form reloads /search/ and the topic pages list the same services; every link answers 200', async () => {
  await withPage({ javaScriptEnabled: false }, async (page, origin) => {
    await page.fill('#search-input', 'speech');
    await page.click('#search-form button');
    await page.waitForURL(/\/search\/\?q=speech$/);
    assert.equal(await page.textContent('h2#topics'), 'Help by topic');
    await page.click('text=Speech and language');
    assert.ok(page.url().endsWith('/search/topics/speech-and-language/'));
    const services = await page.$$eval('main a', (links) => links.map((a) => a.getAttribute('href')));
    assert.ok(services.includes('/clusters/inner-east/services/speech-and-language-therapy/'), services.join('\n'));
    await page.goto(`${origin}/search/topics/emotional-wellbeing/`);
    const wellbeing = await page.$$eval('main a', (links) => links.map((a) => a.getAttribute('href')));
    assert.ok(wellbeing.includes('/clusters/inner-east/services/well-being-and-therapy/'));
    await page.goto(`${origin}/search/`);
    const topics = await page.$$eval('main ul a', (links) => links.map((a) => a.getAttribute('href')));
    assert.ok(topics.length >= 6);
    for (const topic of topics) {
      const response = await page.request.get(origin + topic);
      assert.equal(response.status(), 200, topic);
      await page.goto(origin + topic);
      const hrefs = await page.$$eval('main a', (links) => [...new Set(links.map((a) => a.getAttribute('href')))]);
      for (const href of hrefs) {
        assert.equal((await page.request.get(origin + href)).status(), 200, `${href} on ${topic}`);
      }
    }
  });
});

test('only /search/ loads search code', () => {
  const pages = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.html')) pages.push(full);
    }
  };
  walk(site);
  const loading = pages.filter((file) => /search\.js|pagefind/.test(fs.readFileSync(file, 'utf8').replace(/data-pagefind-[a-z]+/g, '')));
  assert.deepEqual(loading.map((file) => path.relative(site, file)), ['search/index.html']);
});

// `clustersite serve` makes no search index (every save would wait for it):
// its /search/ says so plainly, asks nothing of /pagefind/, and the topics work.
test('under clustersite serve, /search/ says results need a full build and the topics still work', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'search-serve-'));
  fs.cpSync(path.join(repo, 'content'), path.join(root, 'content'), { recursive: true });
  const port = 20000 + Math.floor(Math.random() * 20000);
  const serve = spawn(releaseBinary(), ['serve', '--root', root, '--port', String(port)], { stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
  const browser = await launchBrowser(chromium);
  try {
    const deadline = Date.now() + 60000;
    for (;;) {
      const up = await fetch(`${origin}/search/`).then((r) => r.ok, () => false);
      if (up) break;
      assert.ok(Date.now() < deadline, 'serve did not answer within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const page = await (await browser.newContext()).newPage();
    const asked = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    await page.goto(`${origin}/search/`);
    const plainly = 'This is the preview: search results need a full build (clustersite build). The topics below still work.';
    await page.waitForFunction((text) => document.getElementById('search-status').textContent === text, plainly);
    await page.fill('#search-input', 'speech');
    await page.keyboard.press('Enter');
    assert.equal(await page.textContent('#search-status'), plainly);
    assert.deepEqual(await page.$$('#search-results > li'), []);
    assert.ok(!(await page.isVisible('#search-none')), 'no "no results" advice: nothing was searched');
    assert.deepEqual(asked.filter((p) => p.startsWith('/pagefind/')), []);
    await page.click('text=Speech and language');
    await page.waitForURL(/\/search\/topics\/speech-and-language\/$/);
    const services = await page.$$eval('main a', (links) => links.map((a) => a.getAttribute('href')));
    assert.ok(services.includes('/clusters/inner-east/services/speech-and-language-therapy/'), services.join('\n'));
  } finally {
    await browser.close();
    serve.kill();
  }
});
