// The referral form's answer boxes in a real browser: every box a family
// types in is full width with the thick border of the GOV.UK pattern, in
// English and in a right-to-left language. (The minifier drops `type=text`,
// the default, so a rule written for `input[type=text]` styled no text box.)
// Builds the real site itself (lib/real-site.mjs); REFERRAL_SITE names a
// site built elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { launchBrowser } from './lib/browser-checks.mjs';
import { startStaticServer } from './lib/static-server.mjs';
import { buildRealSite } from './lib/real-site.mjs';

const site = process.env.REFERRAL_SITE ?? buildRealSite('referral-test-');

const boxes = (page) =>
  page.$$eval('.question input, .question textarea', (fields) =>
    fields
      .filter((f) => f.tagName === 'TEXTAREA' || !['checkbox', 'radio', 'hidden', 'submit'].includes(f.type))
      .map((f) => {
        const style = getComputedStyle(f);
        const question = f.closest('.question');
        const inner = question.clientWidth - parseFloat(getComputedStyle(question).paddingLeft) - parseFloat(getComputedStyle(question).paddingRight);
        return {
          id: f.id,
          border: `${style.borderTopWidth} ${style.borderTopStyle}`,
          width: f.getBoundingClientRect().width,
          room: inner,
          halfWidth: f.classList.contains('width-half') || f.closest('.width-half') !== null,
        };
      }));

for (const url of ['/clusters/inner-east/referral/', '/ur/clusters/inner-east/referral/']) {
  for (const width of [320, 1280]) {
    test(`every answer box on ${url} at ${width} px has a 2 px solid border and fills its question`, async () => {
      const server = await startStaticServer(site);
      const browser = await launchBrowser(chromium);
      try {
        const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
        const response = await page.goto(`${server.origin}${url}`);
        assert.equal(response.status(), 200);
        const found = await boxes(page);
        assert.ok(found.some((b) => b.id === 'child_name'), 'the form has the child name box');
        for (const box of found) {
          assert.equal(box.border, '2px solid', `${box.id} has a ${box.border} border`);
          if (!box.halfWidth) {
            assert.ok(Math.abs(box.width - box.room) <= 1, `${box.id} is ${box.width} px wide in ${box.room} px`);
          }
        }
      } finally {
        await browser.close();
        await server.close();
      }
    });
  }
}
