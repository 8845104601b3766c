// Page weight: gzipped bytes (zlib level 9) of each page's HTML and the CSS and JS
// it loads. HTML+CSS must fit the first ~14 KB round trip so pages render at once.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { scanTags } from './html-scan.mjs';
import { readBaseOrigin, toInternalUrl } from './link-check.mjs';
import { resolveUrlPath, urlPathForFile } from './site-files.mjs';

export const HTML_CSS_BUDGET = 14 * 1024;

export function gzipSize(file) {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

/** [{ page, html, css, js, cssFiles, jsFiles }] for every HTML file, sizes in gzipped bytes. */
export function measureWeights(siteDir, htmlFiles) {
  const baseOrigin = readBaseOrigin(siteDir);
  const sizes = new Map();
  const sizeOf = (file) => {
    if (!sizes.has(file)) sizes.set(file, gzipSize(file));
    return sizes.get(file);
  };
  return htmlFiles.map((relFile) => {
    const { css, js } = loadedAssets(siteDir, relFile, baseOrigin);
    return {
      page: urlPathForFile(relFile),
      html: sizeOf(path.join(siteDir, relFile)),
      css: css.reduce((sum, file) => sum + sizeOf(file), 0),
      js: js.reduce((sum, file) => sum + sizeOf(file), 0),
    };
  });
}

/** Local stylesheet and script files a page loads through <link rel=stylesheet> and <script src>. */
function loadedAssets(siteDir, relFile, baseOrigin) {
  const pageUrlPath = urlPathForFile(relFile);
  const tags = scanTags(fs.readFileSync(path.join(siteDir, relFile), 'utf8'));
  const fileFor = (value) => {
    const url = value === undefined ? null : toInternalUrl(value, pageUrlPath, baseOrigin);
    return url ? resolveUrlPath(siteDir, url.pathname)?.file ?? null : null;
  };
  const isStylesheet = (tag) => tag.name === 'link' && /(^|\s)stylesheet(\s|$)/i.test(tag.attrs.rel ?? '');
  const css = tags.filter(isStylesheet).map((tag) => fileFor(tag.attrs.href));
  const js = tags.filter((tag) => tag.name === 'script').map((tag) => fileFor(tag.attrs.src));
  return { css: unique(css), js: unique(js) };
}

function unique(files) {
  return [...new Set(files.filter(Boolean))];
}

/** Failures for pages over the HTML+CSS budget. */
export function weightFailures(weights) {
  return weights
    .filter((weight) => weight.html + weight.css > HTML_CSS_BUDGET)
    .map((weight) => ({
      page: weight.page,
      rule: 'weight/html-css-over-14kb',
      detail: `HTML+CSS is ${weight.html + weight.css} gzipped bytes; budget is ${HTML_CSS_BUDGET}`,
    }));
}

export function formatWeightTable(weights) {
  const rows = weights.map((weight) => [
    weight.page,
    String(weight.html),
    String(weight.css),
    String(weight.js),
    String(weight.html + weight.css),
    weight.html + weight.css > HTML_CSS_BUDGET ? 'OVER' : 'ok',
  ]);
  const header = ['page', 'html gz', 'css gz', 'js gz', 'html+css', 'budget'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const format = (row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...rows.map(format)].join('\n');
}
