// Fast checks of the gate's browser-free parts: HTML scanning of minified output,
// the static link crawl, the static server and the structure rules.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { scanTags } from './lib/html-scan.mjs';
import { checkLinks } from './lib/link-check.mjs';
import { startStaticServer } from './lib/static-server.mjs';
import { duplicateTitleFailures, judgeStructure } from './lib/structure-rules.mjs';
import { HTML_CSS_BUDGET, measureWeights, weightFailures } from './lib/weight.mjs';

function writeSite(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-unit-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('scanTags', () => {
  test('reads unquoted, quoted and entity-encoded attributes as minifiers write them', () => {
    const tags = scanTags('<a href=/about/>About</a><img src="/a.png" alt=""><a href="/x?a=1&amp;b=2" class=y>');
    assert.deepEqual(tags.map((tag) => [tag.name, tag.attrs]), [
      ['a', { href: '/about/' }],
      ['img', { src: '/a.png', alt: '' }],
      ['a', { href: '/x?a=1&b=2', class: 'y' }],
    ]);
  });

  test('ignores tags inside comments, scripts and styles', () => {
    const tags = scanTags('<!-- <a href=/gone> --><script>let s = "<a href=/no>";</script><style>a{}</style><p id=ok>');
    assert.deepEqual(tags.map((tag) => tag.name), ['script', 'style', 'p']);
  });
});

describe('checkLinks', () => {
  const site = writeSite({
    'index.html': '<a href=/about/>a</a><a href="/about/#team">t</a><a href="/about/#nope">n</a><a href="#top">top</a>'
      + '<a href=/missing/>m</a><a href="https://elsewhere.example/">e</a><a href="mailto:a@b.c">m</a>'
      + '<link rel=canonical href="https://site.example/about/"><img srcset="/a.png 1x, /b.png 2x" alt="">',
    'about/index.html': '<h2 id=team>Team</h2>',
    'a.png': '',
    'css/site.css': 'body { background: url("/img/none.png"); } /* url(/commented.png) */',
    '404.html': '<link rel=stylesheet href="css/site.css">',
    'sitemap.xml': '<urlset><url><loc>https://site.example/</loc></url><url><loc>https://site.example/old/</loc></url></urlset>',
  });
  after(() => fs.rmSync(site, { recursive: true, force: true }));

  test('reports exactly the broken links, fragments and 404-relative URLs', () => {
    const found = checkLinks(site).map((failure) => `${failure.page} ${failure.rule} ${failure.detail.split(':')[0]}`);
    assert.deepEqual(found.sort(), [
      '/ links/broken-fragment <a href="/about/#nope">',
      '/ links/broken-link <a href="/missing/">',
      '/ links/broken-link <img srcset="/b.png">',
      '/404.html links/404-relative-url <link href="css/site.css">',
      '/css/site.css links/broken-link url(/img/none.png)',
      '/sitemap.xml links/broken-link <loc>https',
    ].sort());
  });
});

describe('static server', () => {
  let server;
  const site = writeSite({ 'index.html': 'home', 'about/index.html': 'about', '404.html': 'gone', 'css/a.css': 'a{}' });
  before(async () => { server = await startStaticServer(site); });
  after(async () => {
    await server.close();
    fs.rmSync(site, { recursive: true, force: true });
  });

  test('serves index.html for directories, redirects missing slashes, 404.html with 404', async () => {
    const home = await fetch(`${server.origin}/`);
    assert.equal(await home.text(), 'home');
    assert.match(home.headers.get('content-type'), /^text\/html/);
    const css = await fetch(`${server.origin}/css/a.css`);
    assert.match(css.headers.get('content-type'), /^text\/css/);
    const noSlash = await fetch(`${server.origin}/about`, { redirect: 'manual' });
    assert.equal(noSlash.status, 301);
    assert.equal(noSlash.headers.get('location'), '/about/');
    const missing = await fetch(`${server.origin}/nope/`);
    assert.equal(missing.status, 404);
    assert.equal(await missing.text(), 'gone');
    const escape = await fetch(`${server.origin}/..%2f..%2fetc/passwd`);
    assert.equal(escape.status, 404);
  });
});

describe('structure rules', () => {
  const facts = (overrides) => ({ lang: 'en-GB', title: 'T', headings: [{ level: 1, text: 'T', selector: 'h1' }], links: [], imagesWithoutAlt: [], ...overrides });
  const rules = (overrides) => judgeStructure(facts(overrides)).map((failure) => failure.rule);

  test('a clean page passes', () => assert.deepEqual(rules({}), []));
  test('h2 -> h4 is a skip; h4 -> h2 is not', () => {
    const heading = (level) => ({ level, text: '', selector: `h${level}` });
    assert.deepEqual(rules({ headings: [heading(1), heading(2), heading(4)] }), ['structure/heading-order']);
    assert.deepEqual(rules({ headings: [heading(1), heading(2), heading(3), heading(4), heading(2)] }), []);
  });
  test('same link name to different places, and generic names, fail', () => {
    const links = [{ name: 'Contact us', href: 'http://h/a', selector: 'a' }, { name: 'contact  US', href: 'http://h/b', selector: 'a' }];
    assert.deepEqual(rules({ links }), ['structure/link-purpose']);
    assert.deepEqual(rules({ links: [{ name: 'Click here', href: 'http://h/a', selector: 'a' }] }), ['structure/generic-link-text']);
  });
  test('missing lang, empty title, two h1s', () => {
    const h1 = { level: 1, text: '', selector: 'h1' };
    assert.deepEqual(rules({ lang: '', title: ' ', headings: [h1, h1] }).sort(), ['structure/html-lang', 'structure/one-h1', 'structure/page-title']);
  });
  test('duplicate titles are reported on each page', () => {
    const failures = duplicateTitleFailures(new Map([['/', 'Home'], ['/a/', 'Home'], ['/b/', 'B']]));
    assert.deepEqual(failures.map((failure) => failure.page), ['/', '/a/']);
  });
});

describe('page weight', () => {
  // Base64 noise gzips to about 3/4 of its size: the HTML alone fits the budget, HTML + CSS does not.
  const noise = (bytes) => crypto.randomBytes(bytes).toString('base64').slice(0, bytes);
  const site = writeSite({
    'index.html': `<link rel=stylesheet href=/css/a.css><script src=/js/a.js></script><!-- ${noise(16 * 1024)} -->`,
    'light/index.html': '<link rel=stylesheet href="../css/a.css"><p>small',
    'css/a.css': `/* ${noise(4 * 1024)} */`,
    'js/a.js': 'console.log(1);',
  });
  after(() => fs.rmSync(site, { recursive: true, force: true }));

  test('counts the CSS and JS a page loads and fails pages over budget', () => {
    const weights = measureWeights(site, ['index.html', 'light/index.html']);
    const [heavy, light] = weights;
    assert.ok(heavy.html < HTML_CSS_BUDGET && heavy.html + heavy.css > HTML_CSS_BUDGET);
    assert.ok(heavy.js > 0);
    assert.equal(light.css, heavy.css);
    assert.equal(light.js, 0);
    assert.deepEqual(weightFailures(weights).map((failure) => failure.page), ['/']);
  });
});
