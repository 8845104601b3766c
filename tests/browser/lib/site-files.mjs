// Mapping between a built site's files and the URL paths they are served at.
import fs from 'node:fs';
import path from 'node:path';

/** Every file under dir, as paths relative to dir with forward slashes, sorted. */
export function listFiles(dir) {
  const found = [];
  const walk = (current) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) found.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

export function listHtmlFiles(dir) {
  return listFiles(dir).filter((file) => file.endsWith('.html'));
}

/** 'index.html' -> '/', 'about/index.html' -> '/about/', '404.html' -> '/404.html'. */
export function urlPathForFile(relFile) {
  if (relFile === 'index.html') return '/';
  if (relFile.endsWith('/index.html')) return `/${relFile.slice(0, -'index.html'.length)}`;
  return `/${relFile}`;
}

/** 'index.html' -> 'index', 'about/index.html' -> 'about/index': a name for screenshots. */
export function pageNameForFile(relFile) {
  return relFile.replace(/\.html$/, '');
}

/**
 * The file a URL path is served from, or null. A directory serves its index.html.
 * Returns { file, redirectTo } where redirectTo is set when a directory was asked
 * for without its trailing slash (static hosts redirect so relative links work).
 */
export function resolveUrlPath(siteDir, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const root = path.resolve(siteDir);
  const candidate = path.resolve(root, `.${decoded.endsWith('/') ? `${decoded}index.html` : decoded}`);
  // Never serve anything outside the site directory.
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return null;
  const stat = statOrNull(candidate);
  if (stat?.isFile()) return { file: candidate };
  if (stat?.isDirectory() && statOrNull(path.join(candidate, 'index.html'))?.isFile()) {
    return { file: path.join(candidate, 'index.html'), redirectTo: `${urlPath}/` };
  }
  return null;
}

function statOrNull(file) {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}
