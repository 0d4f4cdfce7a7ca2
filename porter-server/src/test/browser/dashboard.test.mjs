// Browser tests of the dashboard: headless Debian Chromium driven by Playwright, against a running
// server (PORTER_URL) with the functions of DashboardTestServer. Each test saves a screenshot to
// SCREENSHOTS. Started by DashboardBrowserTest (mvn -Pbrowser-tests), or by hand:
//   PORTER_URL=http://127.0.0.1:8080 PORTER_ADMIN_TOKEN=... PORTER_READ_TOKEN=... npm test
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const URL = required('PORTER_URL');
const ADMIN = required('PORTER_ADMIN_TOKEN');
const READ = required('PORTER_READ_TOKEN');
const SHOTS = process.env.SCREENSHOTS || '../../../target/browser';
const WAIT = 20_000;

function required(name) {
  if (!process.env[name]) throw new Error(`set ${name}`);
  return process.env[name];
}

let browser;
let profile;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'porter-chromium-'));
  // This machine has no network: without these flags Chromium stalls on connection attempts.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  rmSync(profile, { recursive: true, force: true });
});

async function call(method, path, body, token = ADMIN) {
  const res = await fetch(URL + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

async function enqueue(fn, args, options = {}) {
  const r = await call('POST', '/jobs', { function: fn, args, options });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  return r.body.id;
}

/** A fresh tab (its own sessionStorage, so its own login), logged in with token. */
async function loggedIn(token) {
  const page = await browser.newPage();
  page.on('dialog', (d) => d.accept());
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(`${URL}/`);
  await page.fill('#token', token);
  await page.click('button[type=submit]');
  await page.waitForSelector('#scope');
  return page;
}

/** Navigates inside the app, as a link does: no page load. */
async function go(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
}

async function markNoReload(page) {
  await page.evaluate(() => { window.porterTestMark = 'still the same page'; });
}

async function assertNoReload(page) {
  assert.equal(await page.evaluate(() => window.porterTestMark), 'still the same page', 'the page was reloaded');
}

/** Waits for the job page to show status; on timeout says what the API says (a UI miss or a slow job?). */
async function waitForStatus(page, id, status) {
  try {
    await page.waitForSelector(`#job-status [data-status="${status}"]`, { timeout: WAIT });
  } catch (e) {
    const job = (await call('GET', `/jobs/${id}`)).body;
    throw new Error(`the page never showed ${status}; the API says ${job?.status} `
      + `(abort_requested ${job?.abort_requested})`, { cause: e });
  }
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

test('a wrong token is refused at login', async () => {
  const page = await browser.newPage();
  await page.goto(`${URL}/`);
  await page.fill('#token', 'not-a-token');
  await page.click('button[type=submit]');
  await page.waitForSelector('#login-error:has-text("not valid")');
  await shot(page, 'login-refused');
  await page.close();
});

test('overview shows queues with counts, the chart and live workers', async () => {
  await call('GET', `/jobs/${await enqueue('quick', { steps: 1 })}/result?wait=20s`);
  const page = await loggedIn(ADMIN);
  await page.waitForSelector('#queues tr[data-queue="default"]');
  await page.waitForSelector('#workers td:has-text("quick")');
  assert.equal(await page.locator('svg.chart').count(), 1);
  await page.waitForSelector('#queues tr[data-queue="default"] td[data-state="complete"] a:not(:text-is("0"))');
  await shot(page, 'overview');
  await page.close();
});

test('a job appears in the list and finishes live, without a reload', async () => {
  const page = await loggedIn(ADMIN);
  await go(page, '#/queues/default');
  await page.waitForSelector('#jobs, #no-jobs');
  await markNoReload(page);
  const id = await enqueue('quick', { steps: 5 });
  const row = page.locator(`tr[data-id="${id}"]`);
  await row.waitFor({ timeout: WAIT });
  await page.waitForSelector(`tr[data-id="${id}"][data-status="in_progress"]`, { timeout: WAIT });
  await shot(page, 'list-running');
  await page.waitForSelector(`tr[data-id="${id}"][data-status="complete"]`, { timeout: WAIT });
  await assertNoReload(page);
  await shot(page, 'list-complete');

  await row.locator('a').click();
  await page.waitForSelector('#result');
  assert.match(await page.textContent('#timeline'), /enqueued[\s\S]*started[\s\S]*complete/);
  assert.match(await page.textContent('#logs'), /step 5 done/);
  assert.equal(await page.getAttribute('#progress .bar', 'data-progress'), '100');
  await assertNoReload(page);
  await shot(page, 'job-complete');
  await page.close();
});

test('filter by function and search by id', async () => {
  const flakyId = await enqueue('flaky', { key: `filter-${Date.now()}` }, { max_tries: 1 });
  await call('GET', `/jobs/${flakyId}/result?wait=20s`);
  const page = await loggedIn(ADMIN);
  await go(page, '#/queues/default');
  await page.fill('#filter-function input', 'flaky');
  await page.click('#filter-function button');
  await page.waitForSelector(`tr[data-id="${flakyId}"]`);
  const functions = await page.locator('#jobs tbody tr td:nth-child(2)').allTextContents();
  assert.ok(functions.every((f) => f === 'flaky'), functions.join());
  await page.fill('#search-id', flakyId);
  await page.click('#search button');
  await page.waitForSelector(`#job-id:text-is("${flakyId}")`);
  await shot(page, 'search');
  await page.close();
});

test('cancel a running job from its page', async () => {
  const id = await enqueue('sleepy', null);
  const page = await loggedIn(ADMIN);
  await go(page, `#/jobs/${id}`);
  await page.waitForSelector('#job-status [data-status="in_progress"]', { timeout: WAIT });
  await markNoReload(page);
  await shot(page, 'cancel-before');
  await page.click('button[data-action="cancel"]');
  await waitForStatus(page, id, 'aborted');
  await assertNoReload(page);
  assert.equal((await call('GET', `/jobs/${id}`)).body.status, 'aborted');
  await shot(page, 'cancel-after');
  await page.close();
});

test('retry a failed job from its page', async () => {
  const id = await enqueue('flaky', { key: `retry-${Date.now()}` }, { max_tries: 1 });
  assert.equal((await call('GET', `/jobs/${id}/result?wait=20s`)).body.status, 'failed');
  const page = await loggedIn(ADMIN);
  await go(page, `#/jobs/${id}`);
  await page.waitForSelector('#job-status [data-status="failed"]');
  assert.match(await page.textContent('#stack-trace'), /flaky on purpose[\s\S]*the first try always fails/);
  await shot(page, 'retry-failed');
  await markNoReload(page);
  await page.click('button[data-action="retry"]');
  await waitForStatus(page, id, 'complete');
  assert.match(await page.textContent('#result'), /fixed on retry/);
  // The first try's error stays in the timeline after the retry succeeded.
  assert.match(await page.textContent('#timeline'), /try 1 failed — java.lang.IllegalStateException: flaky on purpose[\s\S]*complete/);
  await assertNoReload(page);
  await shot(page, 'retry-complete');
  await page.close();
});

test('enqueue a copy, then delete it', async () => {
  const id = await enqueue('quick', { steps: 1, copy: true });
  await call('GET', `/jobs/${id}/result?wait=20s`);
  const page = await loggedIn(ADMIN);
  await go(page, `#/jobs/${id}`);
  await page.waitForSelector('#result');
  await page.click('button[data-action="copy"]');
  await page.waitForFunction((old) => !location.hash.endsWith(old), encodeURIComponent(id));
  const copy = decodeURIComponent(await page.evaluate(() => location.hash.slice('#/jobs/'.length)));
  assert.notEqual(copy, id);
  await page.waitForSelector('#job-status [data-status="complete"]', { timeout: WAIT });
  assert.deepEqual((await call('GET', `/jobs/${copy}`)).body.args, { steps: 1, copy: true });
  await page.click('button[data-action="delete"]');
  await page.waitForSelector('#jobs, #no-jobs');
  assert.equal((await call('GET', `/jobs/${copy}`)).status, 404);
  await shot(page, 'deleted');
  await page.close();
});

test('a read-only token sees no action buttons, and the API refuses its actions', async () => {
  const id = await enqueue('flaky', { key: `read-${Date.now()}` }, { max_tries: 1 });
  await call('GET', `/jobs/${id}/result?wait=20s`);
  const page = await loggedIn(READ);
  assert.equal(await page.textContent('#scope'), 'read-only');
  await page.waitForSelector('#queues tr[data-queue="default"]');
  assert.equal(await page.locator('[data-action]').count(), 0);
  await shot(page, 'read-only-overview');
  await go(page, `#/jobs/${id}`);
  await page.waitForSelector('#job-status [data-status="failed"]');
  assert.equal(await page.locator('button[data-action]').count(), 0);
  assert.equal(await page.evaluate(() => [...document.getElementById('view').childNodes]
    .filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('')), '', 'stray text on the page');
  await shot(page, 'read-only-job');
  const status = await page.evaluate(async (jobId) => (await fetch(`/jobs/${jobId}/retry`, {
    method: 'POST', headers: { Authorization: `Bearer ${sessionStorage.getItem('porter.token')}` },
  })).status, id);
  assert.equal(status, 403);
  await page.close();
});

test('queue actions: pause and resume, retry all failed, purge failed', async () => {
  const queue = `actions-${Date.now()}`;
  const page = await loggedIn(ADMIN);
  // The worker serves "default" only: jobs of this queue stay queued, so pause shows on counts alone.
  const failedIds = [];
  for (const n of [1, 2]) failedIds.push(await enqueue('flaky', { key: `${queue}-${n}` }, { queue: 'default', max_tries: 1 }));
  for (const id of failedIds) await call('GET', `/jobs/${id}/result?wait=20s`);
  await page.waitForSelector('#queues tr[data-queue="default"] td[data-state="failed"] a:not(:text-is("0"))');
  await markNoReload(page);

  await page.click('#queues tr[data-queue="default"] button[data-action="pause"]');
  await page.waitForSelector('#queues tr[data-queue="default"] .badge.paused');
  const paused = await enqueue('quick', { steps: 1 });
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await call('GET', `/jobs/${paused}`)).body.status, 'queued', 'a paused queue ran a job');
  await shot(page, 'queue-paused');
  await page.click('#queues tr[data-queue="default"] button[data-action="resume"]');
  await page.waitForSelector('#queues tr[data-queue="default"] button[data-action="pause"]');
  assert.equal((await call('GET', `/jobs/${paused}/result?wait=20s`)).body.status, 'complete');

  await page.click('#queues tr[data-queue="default"] button[data-action="retry-failed"]');
  // the click's request is in flight: until it is applied, a long poll answers "failed" at once
  await page.waitForSelector('#queues tr[data-queue="default"] td[data-state="failed"] a:text-is("0")');
  for (const id of failedIds) {
    assert.equal((await call('GET', `/jobs/${id}/result?wait=20s`)).body.status, 'complete', 'retried and fixed');
  }
  const again = await enqueue('flaky', { key: `${queue}-3` }, { max_tries: 1 });
  await call('GET', `/jobs/${again}/result?wait=20s`);
  await page.waitForSelector('#queues tr[data-queue="default"] td[data-state="failed"] a:not(:text-is("0"))');
  await page.click('#queues tr[data-queue="default"] button[data-action="purge"]');
  await page.waitForSelector('#queues tr[data-queue="default"] td[data-state="failed"] a:text-is("0")');
  assert.equal((await call('GET', `/jobs/${again}`)).status, 404);
  await assertNoReload(page);
  await shot(page, 'queue-actions');
  await page.close();
});

test('a long list pages with the API\'s cursors', async () => {
  const queue = `paging-${Date.now()}`;
  const r = await call('POST', '/jobs/batch', { jobs: Array.from({ length: 30 }, (_, i) => (
    { function: 'quick', args: { n: i }, options: { queue, defer_by: '1h' } })) });
  assert.equal(r.status, 202);
  const page = await loggedIn(ADMIN);
  await go(page, `#/queues/${queue}?state=deferred`);
  await page.waitForSelector('#jobs');
  assert.equal(await page.locator('#jobs tbody tr').count(), 25);
  const newest = await page.locator('#jobs tbody tr').first().getAttribute('data-id');
  assert.equal(newest, r.body.jobs[29].id);
  await page.click('button:has-text("Older")');
  await page.waitForSelector('.pager:has-text("page 2")');
  assert.equal(await page.locator('#jobs tbody tr').count(), 5);
  await shot(page, 'paging');
  await page.click('button:has-text("Newer")');
  await page.waitForSelector('.pager:has-text("page 1")');
  assert.equal(await page.locator('#jobs tbody tr').first().getAttribute('data-id'), newest);
  await page.close();
});
