// Collects one site's failures (deduplicated across modes) and prints the summary.
import { HTML_CSS_BUDGET, formatWeightTable } from './weight.mjs';

export class SiteReport {
  constructor(siteName, siteDir, pageCount) {
    this.siteName = siteName;
    this.siteDir = siteDir;
    this.pageCount = pageCount;
    this.failures = new Map(); // key -> { page, rule, detail, modes:Set }
    this.axeRules = new Set();
    this.titles = new Map(); // page -> title
  }

  /** Records a failure; the same failure seen in several modes is kept once, listing the modes. */
  fail(page, rule, detail, mode = null) {
    const key = `${page}\u0000${rule}\u0000${detail}`;
    if (!this.failures.has(key)) this.failures.set(key, { page, rule, detail, modes: new Set() });
    if (mode) this.failures.get(key).modes.add(mode);
  }

  addFailures(failures) {
    for (const failure of failures) this.fail(failure.page, failure.rule, failure.detail);
  }

  addAxeRules(ids) {
    for (const id of ids) this.axeRules.add(id);
  }

  recordTitle(page, title) {
    this.titles.set(page, title);
  }

  log(line) {
    console.log(line);
  }

  get passed() {
    return this.failures.size === 0;
  }

  failuresByPage() {
    const byPage = new Map();
    for (const failure of this.failures.values()) {
      if (!byPage.has(failure.page)) byPage.set(failure.page, []);
      byPage.get(failure.page).push(failure);
    }
    return new Map([...byPage].sort(([a], [b]) => a.localeCompare(b)));
  }
}

export function printSiteReport(report, weights, modes) {
  const byPage = report.failuresByPage();
  console.log('');
  console.log(`Page weight, gzip -9 bytes (budget: HTML+CSS <= ${HTML_CSS_BUDGET}):`);
  console.log(indent(formatWeightTable(weights), '  '));
  console.log('');
  console.log(`Pages checked: ${report.pageCount} (modes: ${modes.map((mode) => mode.name).join(', ')})`);
  console.log(`Axe rules run: ${report.axeRules.size} unique`);
  if (report.passed) {
    console.log(`RESULT ${report.siteName}: PASS\n`);
    return;
  }
  console.log(`Failures grouped by page:`);
  for (const [page, failures] of byPage) {
    console.log(`  ${page}`);
    for (const failure of failures.sort((a, b) => a.rule.localeCompare(b.rule))) {
      const modes = failure.modes.size ? ` {${[...failure.modes].join(', ')}}` : '';
      console.log(`    [${failure.rule}]${modes} ${failure.detail}`);
    }
  }
  console.log(`RESULT ${report.siteName}: FAIL — ${report.failures.size} failures on ${byPage.size} pages\n`);
}

function indent(text, prefix) {
  return text.split('\n').map((line) => prefix + line).join('\n');
}
