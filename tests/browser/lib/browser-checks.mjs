// Everything that needs a real browser: axe, structure, reflow, keyboard,
// outside requests and console errors. One context per mode, pages in sequence.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  collectStructure,
  describeActiveElement,
  focusFirstVisited,
  installPageHelpers,
  measureReflow,
  readFocusVisits,
  startFocusRecording,
} from './in-page.mjs';
import { judgeStructure } from './structure-rules.mjs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const DESKTOP = { width: 1280, height: 800 };
const NARROW = { width: 320, height: 640 };

// 'desktop' runs every check; the others re-run axe and the structure rules
// under conditions that often break them: 200% zoom, dark scheme, forced colours.
export const MODES = [
  { name: 'desktop', viewport: DESKTOP, full: true },
  { name: 'zoom-200', viewport: { width: 640, height: 400 } },
  { name: 'dark', viewport: DESKTOP, media: { colorScheme: 'dark' } },
  { name: 'forced-colors', viewport: DESKTOP, media: { forcedColors: 'active' } },
];

const PAGE_TIMEOUT_MS = 20_000;

export async function launchBrowser(chromium) {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

function readAxeSource() {
  const require = createRequire(import.meta.url);
  return fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

/**
 * Checks every page of a site in every mode.
 * site: { origin, pages: [{ urlPath, name }], screenshotDir }
 * report: SiteReport (fail, addAxeRules, recordTitle, log)
 */
export async function checkSiteInBrowser(browser, site, report) {
  const axeSource = readAxeSource();
  for (const mode of MODES) {
    const started = Date.now();
    const context = await browser.newContext({ viewport: mode.viewport });
    context.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await context.addInitScript(installPageHelpers);
    for (const page of site.pages) {
      try {
        await checkPageInMode(context, mode, site, page, report, axeSource);
      } catch (error) {
        report.fail(page.urlPath, 'gate/page-crashed', String(error.message ?? error).split('\n')[0], mode.name);
      }
    }
    await context.close();
    report.log(`  ${mode.name.padEnd(13)} ${site.pages.length} pages in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
}

async function checkPageInMode(context, mode, site, page, report, axeSource) {
  const fail = (rule, detail) => report.fail(page.urlPath, rule, detail, mode.name);
  if (mode.full) await checkKeyboard(context, mode, site, page, fail);
  const tab = await openPage(context, mode, site.origin, page.urlPath, fail);
  try {
    await runAxe(tab, axeSource, fail, report);
    const facts = await tab.evaluate(collectStructure);
    if (mode.full) report.recordTitle(page.urlPath, facts.title);
    for (const failure of judgeStructure(facts)) fail(failure.rule, failure.detail);
    if (mode.full) await checkReflowAndScreenshots(tab, site, page, fail);
  } finally {
    await tab.close();
  }
}

/** Opens a page with outside requests blocked and console/page errors recorded as failures. */
async function openPage(context, mode, origin, urlPath, fail) {
  const tab = await context.newPage();
  const blocked = new Set();
  await tab.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url, origin)) return route.continue();
    blocked.add(url);
    fail('network/outside-request', `request to ${url} (blocked; pages must not load anything from other origins)`);
    return route.abort('blockedbyclient');
  });
  tab.on('console', (message) => {
    // A blocked outside request also logs a console error; it is already reported.
    if (message.type() === 'error' && !blocked.has(message.location()?.url)) {
      fail('console/error', message.text());
    }
  });
  tab.on('pageerror', (error) => fail('console/page-error', String(error.message ?? error).split('\n')[0]));
  if (mode.media) await tab.emulateMedia(mode.media);
  const response = await tab.goto(origin + urlPath, { waitUntil: 'load' });
  if (response && response.status() !== 200) fail('network/http-status', `${urlPath} answered ${response.status()}`);
  return tab;
}

function isLocal(url, origin) {
  return url === origin || url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:');
}

async function runAxe(tab, axeSource, fail, report) {
  await tab.evaluate(axeSource);
  const results = await tab.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  report.addAxeRules([...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable].map((rule) => rule.id));
  for (const violation of results.violations) {
    for (const node of violation.nodes) {
      const why = [...node.any, ...node.all, ...node.none].map((check) => check.message).find(Boolean);
      fail(`axe/${violation.id}`, `${node.target.flat().join(' ')}: ${violation.help}${why ? ` — ${why}` : ''} ${violation.helpUrl}`);
    }
  }
}

/** At 1280 and 320 wide: no horizontal scrolling; full-page screenshots for review. */
async function checkReflowAndScreenshots(tab, site, page, fail) {
  await tab.evaluate(() => document.fonts.ready);
  for (const viewport of [DESKTOP, NARROW]) {
    await tab.setViewportSize(viewport);
    const reflow = await tab.evaluate(measureReflow);
    if (reflow.scrollWidth > reflow.innerWidth) {
      const where = reflow.offenders.length ? `; overflow starts at ${reflow.offenders.join(', ')}` : '';
      fail(`reflow/${viewport.width}`, `page is ${reflow.scrollWidth}px wide in a ${reflow.innerWidth}px viewport${where}`);
    }
    const file = path.join(site.screenshotDir, `${page.name}-${viewport.width}.png`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await tab.screenshot({ path: file, fullPage: true });
  }
  await tab.setViewportSize(DESKTOP);
}

/**
 * From a fresh load: the first Tab lands on a skip link that is the first focusable
 * element; Enter on it focuses <main tabindex="-1">; every element Tab reaches
 * looks different when focused.
 */
async function checkKeyboard(context, mode, site, page, fail) {
  const tab = await openPage(context, mode, site.origin, page.urlPath, fail);
  try {
    const { count } = await tab.evaluate(startFocusRecording);
    // A few extra presses cover focus stops the selector cannot predict.
    for (let press = 0; press < count + 3; press += 1) await tab.keyboard.press('Tab');
    const visits = await tab.evaluate(readFocusVisits);
    const skipLink = judgeSkipLink(visits, fail);
    for (const visit of visits) {
      if (visit.checked && visit.changed.length === 0) {
        fail('keyboard/focus-visible', `${visit.selector}: no visible change (outline, box-shadow, colours, border, underline) when focused by keyboard`);
      }
    }
    if (skipLink) await checkSkipLinkTarget(tab, skipLink, fail);
  } finally {
    await tab.close();
  }
}

/** Returns the skip link visit when the first Tab found one, after reporting any problem. */
function judgeSkipLink(visits, fail) {
  const first = visits[0];
  if (!first) {
    fail('keyboard/skip-link', 'the first Tab focused nothing; expected a skip link');
    return null;
  }
  if (first.tag !== 'a' || !first.href?.startsWith('#')) {
    fail('keyboard/skip-link', `the first Tab focused ${first.selector}, not a skip link (<a href="#main-content">)`);
    return null;
  }
  if (!first.isFirstFocusable) {
    fail('keyboard/skip-link', `skip link ${first.selector} is not the first focusable element`);
  }
  return first;
}

async function checkSkipLinkTarget(tab, skipLink, fail) {
  await tab.evaluate(focusFirstVisited);
  await tab.keyboard.press('Enter');
  const targetId = decodeURIComponent(skipLink.href.slice(1));
  await tab.waitForFunction((id) => document.activeElement?.id === id, targetId, { timeout: 1000 }).catch(() => {});
  const active = await tab.evaluate(describeActiveElement);
  if (!active || active.id !== targetId) {
    fail('keyboard/skip-link-target', `Enter on the skip link left focus on ${active?.selector ?? 'the body'}, not #${targetId}`);
  } else if (active.tag !== 'main' || active.tabindex !== '-1') {
    fail('keyboard/skip-link-target', `skip link target #${targetId} is <${active.tag} tabindex="${active.tabindex}">; expected <main tabindex="-1">`);
  }
}
