// Proves the gate catches what it claims to: each faults/<name>/ site is clean
// except for one known fault, and the gate must fail it naming that rule (and
// nothing unrelated); faults/clean/ must pass. Run: node --test tests/browser/
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GATE = path.join(HERE, 'gate.mjs');
const FAULTS = path.join(HERE, 'faults');

// fault dir -> rules the output must name, and other rules the same fault may also trip
// (the Nu checker reports some of the same faults as HTML errors).
const EXPECTED = {
  'missing-alt': { required: ['axe/image-alt', 'structure/img-alt'], alsoAllowed: ['vnu/html-error'] },
  'skipped-heading': { required: ['axe/heading-order', 'structure/heading-order'], alsoAllowed: ['vnu/html-error'] },
  'external-font': { required: ['network/outside-request'] },
  'broken-fragment': { required: ['links/broken-fragment'] },
  'too-wide': { required: ['reflow/320'] },
  'low-contrast': { required: ['axe/color-contrast'] },
  'duplicate-link-text': { required: ['structure/link-purpose', 'structure/generic-link-text'] },
  'no-skip-link': { required: ['keyboard/skip-link'] },
  'no-focus-style': { required: ['keyboard/focus-visible'] },
};

// Each gate run starts its own Chromium and JVM; two at a time suits a 2-core machine.
const CONCURRENCY = Math.max(1, Math.min(2, os.availableParallelism?.() ?? 2));
const GATE_TIMEOUT_MS = 180_000;

function runGate(args, { env = process.env, gate = GATE } = {}) {
  return new Promise((resolve) => {
    execFile(process.execPath, [gate, ...args], { env, timeout: GATE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code ?? 'killed' : 0, output: stdout + stderr });
    });
  });
}

/** Rule names from the failure lines: "    [rule] {modes} detail". */
function rulesNamed(output) {
  return new Set([...output.matchAll(/^\s+\[([a-z0-9-]+\/[a-z0-9-]+)\]/gm)].map((match) => match[1]));
}

describe('gate on fault fixtures', { concurrency: CONCURRENCY }, () => {
  test('every fault directory has an expectation', () => {
    const dirs = fs.readdirSync(FAULTS).filter((name) => name !== 'clean');
    assert.deepEqual(dirs.sort(), Object.keys(EXPECTED).sort());
  });

  test('clean site passes', async () => {
    const { code, output } = await runGate([path.join(FAULTS, 'clean')]);
    assert.equal(code, 0, output);
    assert.match(output, /RESULT clean: PASS/);
  });

  for (const [fault, { required, alsoAllowed = [] }] of Object.entries(EXPECTED)) {
    test(`${fault} fails naming ${required.join(', ')}`, async () => {
      const { code, output } = await runGate([path.join(FAULTS, fault)]);
      assert.equal(code, 1, output);
      const rules = rulesNamed(output);
      for (const rule of required) assert.ok(rules.has(rule), `expected [${rule}] in:\n${output}`);
      const unrelated = [...rules].filter((rule) => !required.includes(rule) && !alsoAllowed.includes(rule));
      assert.deepEqual(unrelated, [], `fixture should have only its one fault:\n${output}`);
    });
  }
});

describe('gate refuses to run without its tools', () => {
  test('no site directory: usage, exit 2', async () => {
    const { code, output } = await runGate([]);
    assert.equal(code, 2);
    assert.match(output, /usage: node tests\/browser\/gate\.mjs/);
  });

  test('missing site directory: exit 2', async () => {
    const { code, output } = await runGate([path.join(FAULTS, 'does-not-exist')]);
    assert.equal(code, 2);
    assert.match(output, /is not a directory containing \.html files/);
  });

  test('missing chromium: exit 2 with the install command', async () => {
    const env = { ...process.env, GATE_CHROMIUM_PATH: path.join(FAULTS, 'no-such-chromium') };
    const { code, output } = await runGate([path.join(FAULTS, 'clean')], { env });
    assert.equal(code, 2);
    assert.match(output, /apt-get install -y chromium/);
  });

  test('missing java: exit 2 with the install command', async () => {
    const env = { ...process.env, PATH: '/nonexistent' };
    const { code, output } = await runGate([path.join(FAULTS, 'clean')], { env });
    assert.equal(code, 2);
    assert.match(output, /apt-get install -y default-jre-headless/);
  });

  test('missing node_modules: exit 2 with the install command', async () => {
    // A copy of the gate without node_modules beside it.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-no-modules-'));
    try {
      fs.cpSync(GATE, path.join(copy, 'gate.mjs'));
      fs.cpSync(path.join(HERE, 'lib'), path.join(copy, 'lib'), { recursive: true });
      const { code, output } = await runGate([path.join(FAULTS, 'clean')], { gate: path.join(copy, 'gate.mjs') });
      assert.equal(code, 2);
      assert.match(output, /npm ci --prefix tests\/browser/);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
