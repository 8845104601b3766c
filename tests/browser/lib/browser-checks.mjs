// Everything that needs a real browser: axe, structure, reflow, keyboard,
// outside requests and console errors. One context and tab, modes and pages in sequence.
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

// Debian's chromium; the variable exists so the tests can prove a missing browser is reported.
export const CHROMIUM_PATH = process.env.GATE_CHROMIUM_PATH ?? '/usr/bin/chromium';

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
  // One context and tab for all modes: a new renderer and a fresh axe compile
  // per mode would cost more than the checks on a small site.
  const context = await browser.newContext({ viewport: DESKTOP });
  context.setDefaultTimeout(PAGE_TIMEOUT_MS);
  await context.addInitScript(installPageHelpers);
  // As an init script axe is compiled once, not once per page load.
  await context.addInitScript(readAxeSource());
  let tab = null;
  try {
    for (const mode of MODES) {
      const started = Date.now();
      for (const sitePage of site.pages) {
        const fail = (rule, detail) => report.fail(sitePage.urlPath, rule, detail, mode.name);
        try {
          tab ??= await Tab.open(context, site.origin);
          await tab.setMode(mode);
          await checkPageInMode(tab, mode, site, sitePage, fail, report);
        } catch (error) {
          fail('gate/page-crashed', String(error.message ?? error).split('\n')[0]);
          await tab?.close();
          tab = null; // start the next page on a fresh tab
        }
      }
      report.log(`  ${mode.name.padEnd(13)} ${site.pages.length} pages in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    }
  } finally {
    await context.close();
  }
}

async function checkPageInMode(tab, mode, site, sitePage, fail, report) {
  if (mode.full) await checkKeyboard(tab, sitePage.urlPath, fail);
  const page = await tab.load(sitePage.urlPath, fail);
  await runAxe(page, fail, report);
  const facts = await page.evaluate(collectStructure);
  if (mode.full) report.recordTitle(sitePage.urlPath, facts.title);
  for (const failure of judgeStructure(facts)) fail(failure.rule, failure.detail);
  if (mode.full) await checkReflowAndScreenshots(tab, site, sitePage, fail);
}

/**
 * One browser page reused for every URL and mode. Outside requests are blocked
 * and, like console and page errors, reported against the URL being loaded.
 */
class Tab {
  static async open(context, origin) {
    const page = await context.newPage();
    const tab = new Tab(page, origin, await context.newCDPSession(page));
    await tab.watch();
    return tab;
  }

  constructor(page, origin, cdp) {
    this.page = page;
    this.origin = origin;
    this.cdp = cdp;
    this.fail = () => {};
    this.blocked = new Set();
  }

  async watch() {
    await this.page.route('**/*', (route) => {
      const url = route.request().url();
      if (isLocal(url, this.origin)) return route.continue();
      this.blocked.add(url);
      this.fail('network/outside-request', `request to ${url} (blocked; pages must not load anything from other origins)`);
      return route.abort('blockedbyclient');
    });
    this.page.on('console', (message) => {
      // A blocked outside request also logs a console error; it is already reported.
      if (message.type() === 'error' && !this.blocked.has(message.location()?.url)) {
        this.fail('console/error', message.text());
      }
    });
    this.page.on('pageerror', (error) => this.fail('console/page-error', String(error.message ?? error).split('\n')[0]));
  }

  /** Viewport and media features for the next loads, so pages load in the mode. */
  async setMode(mode) {
    await this.page.setViewportSize(mode.viewport);
    await this.page.emulateMedia({ colorScheme: 'light', forcedColors: 'none', ...mode.media });
  }

  /** A fresh load of urlPath; failures seen from now on go to fail. */
  async load(urlPath, fail) {
    this.fail = fail;
    this.blocked = new Set();
    const response = await this.page.goto(this.origin + urlPath, { waitUntil: 'load' });
    if (response && response.status() !== 200) fail('network/http-status', `${urlPath} answered ${response.status()}`);
    return this.page;
  }

  /**
   * Presses Tab count times through the browser's real input pipeline. The key
   * events are queued in one go (Chromium handles them in order): several times
   * faster than awaiting each page.keyboard.press on a long page.
   */
  async pressTab(count) {
    const key = (type) => this.cdp.send('Input.dispatchKeyEvent', {
      type, key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9, nativeVirtualKeyCode: 9,
    });
    const events = [];
    for (let press = 0; press < count; press += 1) events.push(key('rawKeyDown'), key('keyUp'));
    await Promise.all(events);
  }

  /**
   * Full-page PNG through CDP: Playwright's screenshot cannot ask for
   * optimizeForSpeed, which halves the time of the gate's slowest step.
   */
  async screenshotFullPage(file) {
    const clip = await this.page.evaluate(() => ({
      x: 0,
      y: 0,
      width: document.documentElement.scrollWidth,
      height: document.documentElement.scrollHeight,
      scale: 1,
    }));
    const { data } = await this.cdp.send('Page.captureScreenshot', {
      format: 'png', captureBeyondViewport: true, optimizeForSpeed: true, clip,
    });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.from(data, 'base64'));
  }

  async close() {
    await this.page.close().catch(() => {});
  }
}

function isLocal(url, origin) {
  return url === origin || url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:');
}

async function runAxe(page, fail, report) {
  const results = await page.evaluate(
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
async function checkReflowAndScreenshots(tab, site, sitePage, fail) {
  const { page } = tab;
  await page.evaluate(() => document.fonts.ready);
  for (const viewport of [DESKTOP, NARROW]) {
    await page.setViewportSize(viewport);
    const reflow = await page.evaluate(measureReflow);
    if (reflow.scrollWidth > reflow.innerWidth) {
      const where = reflow.offenders.length ? `; overflow starts at ${reflow.offenders.join(', ')}` : '';
      fail(`reflow/${viewport.width}`, `page is ${reflow.scrollWidth}px wide in a ${reflow.innerWidth}px viewport${where}`);
    }
    await tab.screenshotFullPage(path.join(site.screenshotDir, `${sitePage.name}-${viewport.width}.png`));
  }
  await page.setViewportSize(DESKTOP);
}

/**
 * From a fresh load: the first Tab lands on a skip link that is the first focusable
 * element; Enter on it focuses <main tabindex="-1">; every element Tab reaches
 * looks different when focused.
 */
async function checkKeyboard(tab, urlPath, fail) {
  const page = await tab.load(urlPath, fail);
  const { count } = await page.evaluate(startFocusRecording);
  // A few extra presses cover focus stops the selector cannot predict.
  await tab.pressTab(count + 3);
  const visits = await page.evaluate(readFocusVisits);
  const skipLink = judgeSkipLink(visits, fail);
  for (const visit of visits) {
    if (visit.checked && visit.changed.length === 0) {
      fail('keyboard/focus-visible', `${visit.selector}: no visible change (outline, box-shadow, colours, border, underline) when focused by keyboard`);
    }
  }
  if (skipLink) await checkSkipLinkTarget(page, skipLink, fail);
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

async function checkSkipLinkTarget(page, skipLink, fail) {
  await page.evaluate(focusFirstVisited);
  await page.keyboard.press('Enter');
  const targetId = decodeURIComponent(skipLink.href.slice(1));
  await page.waitForFunction((id) => document.activeElement?.id === id, targetId, { timeout: 1000 }).catch(() => {});
  const active = await page.evaluate(describeActiveElement);
  if (!active || active.id !== targetId) {
    fail('keyboard/skip-link-target', `Enter on the skip link left focus on ${active?.selector ?? 'the body'}, not #${targetId}`);
  } else if (active.tag !== 'main' || active.tabindex !== '-1') {
    fail('keyboard/skip-link-target', `skip link target #${targetId} is <${active.tag} tabindex="${active.tabindex}">; expected <main tabindex="-1">`);
  }
}
