// Nu HTML Checker, run once per site over every HTML file (one JVM start).
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { urlPathForFile } from './site-files.mjs';

// vnu runs for a second or two: the C1 compiler alone and the serial collector
// halve its CPU time, which matters on a 2-core machine. C1 code needs a deeper
// stack for vnu's schema, hence -Xss.
const FAST_START_JVM_FLAGS = ['-Xss4m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/** The vnu.jar path, as the vnu-jar package exports it. */
export function vnuJarPath() {
  const require = createRequire(import.meta.url);
  return String(require('vnu-jar'));
}

/** Resolves to failures [{ page, rule, detail }] for every vnu error. */
export function validateHtml(siteDir, htmlFiles) {
  const absoluteFiles = htmlFiles.map((relFile) => path.join(siteDir, relFile));
  const args = [...FAST_START_JVM_FLAGS, '-jar', vnuJarPath(), '--errors-only', '--format', 'json', ...absoluteFiles];
  return new Promise((resolve) => {
    execFile('java', args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const report = parseReport(stderr) ?? parseReport(stdout);
      if (!report) {
        const said = `${stdout}\n${stderr}`.trim() || error?.message || 'nothing';
        resolve([{ page: '(site)', rule: 'vnu/not-run', detail: `the Nu checker gave no JSON report; it said: ${said}` }]);
        return;
      }
      resolve(report.messages.filter(isError).map((message) => toFailure(siteDir, message)));
    });
  });
}

function parseReport(text) {
  const start = text.indexOf('{');
  if (start === -1) return null;
  try {
    return JSON.parse(text.slice(start));
  } catch {
    return null;
  }
}

function isError(message) {
  return message.type === 'error' || message.type === 'non-document-error';
}

function toFailure(siteDir, message) {
  const file = message.url?.startsWith('file:') ? fileURLToPath(message.url) : message.url ?? '';
  const relFile = path.relative(siteDir, file).split(path.sep).join('/');
  const line = message.lastLine ?? message.firstLine ?? '?';
  return {
    page: urlPathForFile(relFile),
    rule: 'vnu/html-error',
    detail: `${relFile}:${line}: ${message.message}`,
  };
}
