// The gate never skips a check silently: a missing tool is an error that says how to install it.
// This module must import nothing from node_modules, since it runs before we know they exist.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const GATE_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const REQUIRED_MODULE_FILES = [
  'node_modules/playwright-core/package.json',
  'node_modules/axe-core/axe.min.js',
  'node_modules/vnu-jar/build/dist/vnu.jar',
];

/** Returns a list of human-readable problems, each with the exact command that fixes it. */
export function findMissingPrerequisites(chromiumPath) {
  const problems = [];
  if (!isExecutable(chromiumPath)) {
    problems.push(`Chromium not found at ${chromiumPath}. Install it with: apt-get update && apt-get install -y chromium`);
  }
  if (!javaWorks()) {
    problems.push('Java (needed by the Nu HTML Checker) not found on PATH. Install it with: apt-get update && apt-get install -y default-jre-headless');
  }
  const missingModules = REQUIRED_MODULE_FILES.filter((file) => !fs.existsSync(path.join(GATE_DIR, file)));
  if (missingModules.length) {
    problems.push(`Node packages missing (${missingModules.join(', ')}). Install them from the repo root with: npm ci --prefix tests/browser`);
  }
  return problems;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function javaWorks() {
  const result = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return !result.error && result.status === 0;
}
