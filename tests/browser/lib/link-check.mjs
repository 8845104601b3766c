// Static link crawl (no browser): every internal URL in the HTML, CSS and
// sitemap must resolve to a file, and every #fragment to an id in its target.
import fs from 'node:fs';
import path from 'node:path';
import { fragmentTargets, scanTags } from './html-scan.mjs';
import { listFiles, resolveUrlPath, urlPathForFile } from './site-files.mjs';

// A stand-in origin for resolving relative URLs; never contacted.
const SITE_ORIGIN = 'http://site.invalid';

// Which attributes of which elements hold URLs.
const URL_ATTRIBUTES = {
  a: ['href'],
  area: ['href'],
  link: ['href'],
  script: ['src'],
  img: ['src', 'srcset'],
  source: ['src', 'srcset'],
  iframe: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  track: ['src'],
  embed: ['src'],
  object: ['data'],
  form: ['action'],
  use: ['href', 'xlink:href'],
};

/** Reads the site's base URL origin from the first <loc> of sitemap.xml, or null. */
export function readBaseOrigin(siteDir) {
  const locs = sitemapLocs(siteDir);
  if (locs.length === 0) return null;
  try {
    return new URL(locs[0]).origin;
  } catch {
    return null;
  }
}

function sitemapLocs(siteDir) {
  const sitemap = path.join(siteDir, 'sitemap.xml');
  if (!fs.existsSync(sitemap)) return [];
  const xml = fs.readFileSync(sitemap, 'utf8');
  return [...xml.matchAll(/<loc>\s*([^<]+?)\s*<\/loc>/g)].map((match) => decodeXml(match[1]));
}

function decodeXml(text) {
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");
}

/**
 * Resolves a URL found on the page at pageUrlPath to a URL on SITE_ORIGIN,
 * or null when it points outside the site (other hosts, mailto:, tel:, data: ...).
 */
export function toInternalUrl(rawUrl, pageUrlPath, baseOrigin) {
  const raw = rawUrl.trim();
  if (raw === '') return null;
  let url;
  try {
    url = new URL(raw, SITE_ORIGIN + pageUrlPath);
  } catch {
    return null;
  }
  if (baseOrigin && url.origin === baseOrigin) url = new URL(url.pathname + url.search + url.hash, SITE_ORIGIN);
  return url.origin === SITE_ORIGIN ? url : null;
}

/** Every { attribute, value } URL in a tag, with srcset split into its candidate URLs. */
export function urlsInTag({ name, attrs }) {
  const urls = [];
  for (const attribute of URL_ATTRIBUTES[name] ?? []) {
    const value = attrs[attribute];
    if (value === undefined) continue;
    if (attribute === 'srcset') {
      for (const candidate of value.split(',')) {
        const candidateUrl = candidate.trim().split(/\s+/)[0];
        if (candidateUrl) urls.push({ attribute, value: candidateUrl });
      }
    } else {
      urls.push({ attribute, value });
    }
  }
  return urls;
}

/** Runs the whole static crawl; returns failures [{ page, rule, detail }]. */
export function checkLinks(siteDir) {
  const context = { siteDir, baseOrigin: readBaseOrigin(siteDir), tagCache: new Map() };
  const failures = [];
  const files = listFiles(siteDir);
  for (const relFile of files.filter((file) => file.endsWith('.html'))) {
    failures.push(...checkHtmlFile(context, relFile));
  }
  for (const relFile of files.filter((file) => file.endsWith('.css'))) {
    failures.push(...checkCssFile(context, relFile));
  }
  failures.push(...checkSitemap(context));
  return failures;
}

function checkHtmlFile(context, relFile) {
  const pageUrlPath = urlPathForFile(relFile);
  const failures = [];
  for (const tag of tagsOf(context, path.join(context.siteDir, relFile))) {
    for (const { attribute, value } of urlsInTag(tag)) {
      const label = `<${tag.name} ${attribute}="${value}">`;
      const problem = problemWithUrl(context, value, pageUrlPath);
      if (problem) failures.push({ page: pageUrlPath, ...problem, detail: `${label}: ${problem.detail}` });
      if (relFile === '404.html' && isPathRelative(value)) {
        // 404.html is served at any missing path, so a relative URL breaks there.
        failures.push({ page: pageUrlPath, rule: 'links/404-relative-url', detail: `${label}: use a root-relative URL in 404.html` });
      }
    }
  }
  return failures;
}

function isPathRelative(value) {
  const raw = value.trim();
  return raw !== '' && !raw.startsWith('#') && !raw.startsWith('/') && !/^[a-z][a-z0-9+.-]*:/i.test(raw);
}

function checkCssFile(context, relFile) {
  const css = fs.readFileSync(path.join(context.siteDir, relFile), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const cssUrlPath = `/${relFile}`;
  const failures = [];
  for (const match of css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) {
    const value = match[2];
    if (value.startsWith('data:') || value.startsWith('#')) continue;
    const problem = problemWithUrl(context, value, cssUrlPath);
    if (problem) failures.push({ page: cssUrlPath, ...problem, detail: `url(${value}): ${problem.detail}` });
  }
  return failures;
}

function checkSitemap(context) {
  const failures = [];
  for (const loc of sitemapLocs(context.siteDir)) {
    const problem = problemWithUrl(context, loc, '/');
    if (problem) failures.push({ page: '/sitemap.xml', ...problem, detail: `<loc>${loc}</loc>: ${problem.detail}` });
  }
  return failures;
}

/** null when the URL is fine (or external); otherwise { rule, detail }. */
function problemWithUrl(context, value, fromUrlPath) {
  const url = toInternalUrl(value, fromUrlPath, context.baseOrigin);
  if (!url) return null;
  const found = resolveUrlPath(context.siteDir, url.pathname);
  if (!found) return { rule: 'links/broken-link', detail: `no file for ${url.pathname}` };
  const fragment = decodeFragment(url.hash);
  if (fragment === null || !/\.(html|svg)$/.test(found.file)) return null;
  if (!tagTargets(context, found.file).has(fragment)) {
    return { rule: 'links/broken-fragment', detail: `no element with id "${fragment}" in ${path.relative(context.siteDir, found.file)}` };
  }
  return null;
}

/** The fragment to look up, or null when there is nothing to check. */
function decodeFragment(hash) {
  const raw = hash.slice(1);
  // '#' and '#top' always work; ':~:' is a text fragment, not an id.
  if (raw === '' || raw.toLowerCase() === 'top' || raw.startsWith(':~:')) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function tagsOf(context, file) {
  if (!context.tagCache.has(file)) context.tagCache.set(file, scanTags(fs.readFileSync(file, 'utf8')));
  return context.tagCache.get(file);
}

function tagTargets(context, file) {
  const key = `targets:${file}`;
  if (!context.tagCache.has(key)) context.tagCache.set(key, fragmentTargets(tagsOf(context, file)));
  return context.tagCache.get(key);
}
