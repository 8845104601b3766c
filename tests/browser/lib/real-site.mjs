// The real site built afresh for a browser test, so that no test checks a
// stale public/: with the release binary, into a new temporary folder.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The release binary. tests/run sets CLUSTERSITE_BIN_DIR to the binaries its
 * `cargo test --release` built: `cargo run` would compile the crate again, as
 * the tests' dependency features differ from a plain build's. Without it, the
 * binary is built here.
 */
export function releaseBinary() {
  const prebuilt = process.env.CLUSTERSITE_BIN_DIR;
  if (prebuilt) {
    const binary = path.join(prebuilt, 'clustersite');
    if (!fs.existsSync(binary)) throw new Error(`CLUSTERSITE_BIN_DIR names ${prebuilt}, which has no clustersite binary`);
    return binary;
  }
  execFileSync('cargo', ['build', '--release', '-q', '--bin', 'clustersite'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  return path.resolve(repo, process.env.CARGO_TARGET_DIR ?? 'target', 'release', 'clustersite');
}

/** Builds the real site and returns its output folder. */
export function buildRealSite(prefix) {
  const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), 'public');
  // Built from a copy of content/: a build records new URLs in content/published-urls.txt.
  const root = path.dirname(output);
  fs.cpSync(path.join(repo, 'content'), path.join(root, 'content'), { recursive: true });
  execFileSync(releaseBinary(), ['build', '--root', root, '--output', output], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH ?? '1795000000' },
  });
  return output;
}
