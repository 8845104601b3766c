// The real site built afresh for a browser test, so that no test checks a
// stale public/: with the release binary, into a new temporary folder.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Builds the real site and returns its output folder. */
export function buildRealSite(prefix) {
  const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), 'public');
  // Built from a copy of content/: a build records new URLs in content/published-urls.txt.
  const root = path.dirname(output);
  fs.cpSync(path.join(repo, 'content'), path.join(root, 'content'), { recursive: true });
  execFileSync('cargo', ['run', '--release', '-q', '--', 'build', '--root', root, '--output', output], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH ?? '1795000000' },
  });
  return output;
}
