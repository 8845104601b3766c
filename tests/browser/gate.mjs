#!/usr/bin/env node
// Browser accessibility and page-quality gate for built clustersite sites.
// Usage: node tests/browser/gate.mjs <site-dir> [<site-dir> ...]
// Exit: 0 all checks pass, 1 some check failed, 2 the gate could not run.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH, MODES, checkSiteInBrowser, launchBrowser } from './lib/browser-checks.mjs';
import { checkLinks } from './lib/link-check.mjs';
import { findMissingPrerequisites } from './lib/prerequisites.mjs';
import { SiteReport, printSiteReport } from './lib/report.mjs';
import { listHtmlFiles, pageNameForFile, urlPathForFile } from './lib/site-files.mjs';
import { startStaticServer } from './lib/static-server.mjs';
import { duplicateTitleFailures } from './lib/structure-rules.mjs';
import { validateHtml } from './lib/vnu.mjs';
import { measureWeights, weightFailures } from './lib/weight.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXIT_PASS = 0;
const EXIT_FAIL = 1;
const EXIT_CANNOT_RUN = 2;

async function main(args) {
  if (args.length === 0 || args.includes('--help')) {
    console.error('usage: node tests/browser/gate.mjs <site-dir> [<site-dir> ...]');
    return EXIT_CANNOT_RUN;
  }
  const problems = [...findMissingPrerequisites(CHROMIUM_PATH), ...findUnusableSiteDirs(args)];
  if (problems.length) {
    for (const problem of problems) console.error(`gate: cannot run: ${problem}`);
    return EXIT_CANNOT_RUN;
  }
  // Imported only after the prerequisite check, so a missing node_modules gets a clear message.
  const { chromium } = await import('playwright-core');
  const started = Date.now();
  // The Nu checker's JVM start is slow, so every site's validation starts now, beside the browser.
  const sites = args.map((siteDir) => prepareSite(path.resolve(siteDir)));
  const browser = await launchBrowser(chromium);
  const reports = [];
  try {
    for (const site of sites) reports.push(await checkSite(browser, site));
  } finally {
    await browser.close();
  }
  printOverall(reports, Date.now() - started);
  return reports.every((report) => report.passed) ? EXIT_PASS : EXIT_FAIL;
}

function findUnusableSiteDirs(siteDirs) {
  return siteDirs
    .filter((siteDir) => !fs.existsSync(siteDir) || !fs.statSync(siteDir).isDirectory() || listHtmlFiles(siteDir).length === 0)
    .map((siteDir) => `${siteDir} is not a directory containing .html files (build the site first)`);
}

/** A page whose only job is a `<meta http-equiv="refresh">` to a new address. */
function isRedirectPage(file) {
  return /<meta[^>]*http-equiv=["']?refresh/i.test(fs.readFileSync(file, 'utf8'));
}

function prepareSite(siteDir) {
  const htmlFiles = listHtmlFiles(siteDir);
  return { siteDir, htmlFiles, validation: validateHtml(siteDir, htmlFiles) };
}

/** Runs every check on one site; its HTML validation is already under way. */
async function checkSite(browser, { siteDir, htmlFiles, validation }) {
  const siteName = path.basename(siteDir);
  const report = new SiteReport(siteName, siteDir, htmlFiles.length);
  console.log(`== ${siteName} (${siteDir}): ${htmlFiles.length} pages`);
  const server = await startStaticServer(siteDir);
  try {
    const site = {
      origin: server.origin,
      // A redirect page navigates away at once, so the browser cannot check it;
      // the validator and the link crawl still read it.
      pages: htmlFiles
        .filter((relFile) => !isRedirectPage(path.join(siteDir, relFile)))
        .map((relFile) => ({ urlPath: urlPathForFile(relFile), name: pageNameForFile(relFile) })),
      screenshotDir: path.join(REPO_ROOT, 'target', 'screenshots', siteName),
    };
    await checkSiteInBrowser(browser, site, report);
  } finally {
    await server.close();
  }
  report.addFailures(checkLinks(siteDir));
  report.addFailures(duplicateTitleFailures(report.titles));
  const weights = measureWeights(siteDir, htmlFiles);
  report.addFailures(weightFailures(weights));
  report.addFailures(await validation);
  printSiteReport(report, weights, MODES);
  return report;
}

function printOverall(reports, elapsedMs) {
  console.log(`== Summary (${(elapsedMs / 1000).toFixed(1)}s)`);
  for (const report of reports) {
    const verdict = report.passed ? 'PASS' : `FAIL (${report.failures.size} failures)`;
    console.log(`  ${report.siteName}: ${report.pageCount} pages, ${report.axeRules.size} axe rules: ${verdict}`);
  }
  const failed = reports.filter((report) => !report.passed).length;
  console.log(failed ? `GATE FAILED: ${failed} of ${reports.length} sites have failures` : 'GATE PASSED');
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    console.error(`gate: internal error: ${error.stack ?? error}`);
    process.exitCode = EXIT_CANNOT_RUN;
  },
);
