// Browser test of progress on an action (issue 5): the action's page shows its targets with
// their bars and statuses, the chart of its updates and their table, hostile names and texts
// as text; a reviewer reports an update through the form with a mistake, sees the error next
// to the value's field with the input kept, corrects it and is back on the action's progress.
// axe-core checks the action page with its progress and the form.
//
// Run: LOCALACTION_BIN=build/localaction node --test progress.test.mjs   (see README.md)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { axeScript, launchChromium } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { assertLoaded, gotoOk, trackDocuments } from './lib/site.mjs';
import { HOSTILE } from './lib/testdata.mjs';

const TIMEOUT_MS = 10000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const REVIEWER = { email: 'reviewer@example.org', role: 'reviewer',
  password: 'correct horse battery staple' };
const ACTION = `/actions/${HOSTILE.id}`;

let server;
let browser;
let context;
let page;
const dialogs = [];

async function assertAccessible(p, what) {
  await p.addScriptTag({ content: axeScript() });
  const result = await p.evaluate((tags) =>
    window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.slice(0, 6).map((n) => `      ${n.target.join(' ')}`).join('\n')).join('\n    ');
  assert.equal(bad.length, 0, `${what}:\n    ${report}`);
}

describe('progress on an action', { timeout: 120000 }, () => {
  before(async () => {
    server = await startServer({ users: [REVIEWER] });
    browser = await launchChromium();
    // bypassCSP: the site's CSP refuses the injected (inline) axe script
    context = await browser.newContext({ baseURL: server.url, bypassCSP: true });
    context.setDefaultTimeout(TIMEOUT_MS);
    page = await context.newPage();
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    trackDocuments(page);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    const log = server?.log() ?? '';
    await server?.stop();
    const found = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:/.exec(log);
    if (found) assert.fail(`sanitizer report from the server:\n${log.slice(found.index, found.index + 1500)}`);
  });

  it('shows the targets, the chart and the updates, hostile text as text', async () => {
    await gotoOk(page, ACTION);
    const section = page.locator('#progress');
    assert.ok(await section.isVisible(), 'no progress section');
    assert.equal(await section.locator('.target-name').first().textContent(), HOSTILE.indicator);
    assert.equal(await section.locator('meter').count(), 2, 'a bar per target');
    assert.equal(await section.locator('meter').first().getAttribute('value'), '45');
    assert.equal(await section.locator('svg.chart-progress').count(), 1, 'the chart of the updates');
    assert.equal(await section.locator('svg.chart-progress circle').count(), 4, 'a dot per value');
    assert.equal(await section.locator('table.updates tbody tr').count(), 2);
    assert.match(await section.locator('.narrative').textContent(), /<script>alert\(2\)<\/script> went well/);
    assert.equal(await section.locator('img').count(), 0, 'no element made from a name');
    assert.equal(dialogs.length, 0, `a script ran: ${dialogs}`);
  });

  it('has no serious or critical axe violation on the action page with its progress',
    () => assertAccessible(page, ACTION));

  it('signs in as a reviewer and finds the form', async () => {
    await gotoOk(page, `${ACTION}/progress/new`);
    assert.match(new URL(page.url()).pathname, /^\/login$/, 'signed out, the form asks to sign in');
    await page.fill('#email', REVIEWER.email);
    await page.fill('#password', REVIEWER.password);
    await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/progress/new')),
      page.locator('main form button[type=submit]').click()]);
    await assertLoaded(page, 'the progress form after signing in');
    assert.equal(await page.locator('input[name^=value_]').count(), 2, 'an input per target');
  });

  it('has no serious or critical axe violation on the form', () => assertAccessible(page, 'the progress form'));

  it('shows a wrong value next to its field, keeping the input, then saves the fix', async () => {
    await page.fill('#date', '2025-02-01');
    await page.fill('#value_1', 'sixty');
    await page.fill('#narrative', 'Sixty families\nin the new homes.');
    await Promise.all([page.waitForURL('**/progress/new'), page.locator('main form button[type=submit]').click()]);
    await assertLoaded(page, 'the refused form', 400);
    const error = page.locator('#value_1-error');
    assert.ok(await error.isVisible(), 'no error next to the value');
    assert.match(await error.textContent(), /not a number/);
    assert.equal(await page.getAttribute('#value_1', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#value_1'), 'sixty');
    assert.equal(await page.inputValue('#narrative'), 'Sixty families\nin the new homes.');
    await assertAccessible(page, 'the progress form with an error');
    await page.fill('#value_1', '60');
    await Promise.all([page.waitForURL((u) => u.pathname === ACTION),
      page.locator('main form button[type=submit]').click()]);
    await assertLoaded(page, 'the action page after saving');
    assert.equal(new URL(page.url()).hash, '#progress');
    assert.equal(await page.locator('#progress table.updates tbody tr').count(), 3);
    assert.equal(await page.locator('#progress meter').first().getAttribute('value'), '60');
  });
});
