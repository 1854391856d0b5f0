// Browser test of the web application: Playwright (playwright-core) drives Debian's chromium
// against the real `cartwise serve` on a generated shop.
//
//   node web/tests/browser.mjs --binary build/asan/cartwise --screenshots build/screenshots
//
// The flow of issue 12: the analyst opens RFM, clicks a segment and downloads its CSV (the same
// bytes as `cartwise export segment`), opens migration and sees the counts of `cartwise report
// segment-migration`, and creates a coupon; a new shopper searches, adds two sizes, checks out
// with that coupon and sees the discount per line and a new reward; the warehouse ships the order.
// Then every page is opened at 1280x800 and 390x844 and screenshotted. Any console error, page
// error, failed request or HTTP error answer fails the test. Exits 0 when everything passed.
//
// The analyst part runs first: the shopper's order would otherwise change what `export segment`
// reports for today after the snapshot was taken.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const binary = resolve(args.binary ?? 'build/asan/cartwise');
const shots = resolve(args.screenshots ?? 'build/screenshots');
const browserPath = args.chromium ?? '/usr/bin/chromium';
const work = mkdtempSync(join(tmpdir(), 'cartwise-web-'));
const db = join(work, 'shop.db');
const configFile = join(work, 'cartwise.toml');
// Fast password hashing (the tests' cost) and no request log lines on stdout.
writeFileSync(configFile, 'password_cost = "min"\nlog_level = "warn"\n');
mkdirSync(shots, { recursive: true });

const failures = [];
function check(ok, what) {
  if (!ok) failures.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}
function equal(actual, expected, what) {
  const same = JSON.stringify(actual) === JSON.stringify(expected);
  check(same, same ? what : `${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

const cli = (...a) => execFileSync(binary, ['--config', configFile, ...a, '--db', db], { encoding: 'utf8' });
const day = (offset) => new Date(Date.now() + offset * 86400e3).toISOString().slice(0, 10);
const today = day(0);

// ---- the shop: generated, three staff logins, two snapshots 15 days apart ----
cli('generate', '--customers', '300', '--seed', '12');
const password = 'browser-test-pass';
for (const role of ['warehouse', 'analyst', 'admin']) cli('user', 'add', '--username', role, '--password', password, '--role', role);
const earlier = day(-15);
cli('snapshot', 'take', '--as-of', earlier);
cli('snapshot', 'take', '--as-of', today);

// ---- the server, on a free port ----
const server = spawn(binary, ['--config', configFile, 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((ok, fail) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = /Cartwise is serving (http:\/\/[^/ ]+)\//.exec(out);
    if (m) ok(m[1]);
  });
  server.on('exit', (code) => fail(new Error(`cartwise serve exited (${code}): ${out}`)));
});
console.log(`serving ${base}`);

async function api(method, path, token, body) {
  const r = await fetch(base + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}
const tokenOf = async (username) => (await api('POST', '/api/v1/sessions', null, { username, password })).token;

// Chromium refuses its sandbox as root; elsewhere it keeps it.
const browser = await chromium.launch({
  executablePath: browserPath,
  headless: true,
  args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, locale: 'en-GB' });
const page = await context.newPage();
const problems = [];
// Chromium also logs every error answer as "Failed to load resource"; those are judged by the
// response handler below, which knows which ones the test provoked.
page.on('console', (m) => {
  if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console error on ${page.url()}: ${m.text()}`);
});
page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
// ERR_ABORTED is the browser cancelling a request because the test moved to another page before
// it finished (the favicon, a list being refreshed): not an answer that failed.
page.on('requestfailed', (r) => {
  const why = r.failure()?.errorText ?? '';
  if (!why.includes('ERR_ABORTED')) problems.push(`request failed: ${r.method()} ${r.url()} ${why}`);
});
// Error answers the test provokes on purpose ("METHOD path status"), each allowed once.
const provoked = [];
page.on('response', (r) => {
  if (r.status() < 400) return;
  const what = `${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`;
  const i = provoked.indexOf(what);
  if (i >= 0) provoked.splice(i, 1);
  else problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
});

// Waits until the page has finished loading its data: no "Loading" left and every chart drawn
// (ECharts' `finished` event sets data-rendered; animation is off).
async function settled() {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .loading'), null, { timeout: 60000 });
  await page.waitForFunction(
    () => [...document.querySelectorAll('.chart')].every((c) => c.getAttribute('data-rendered') === 'true'),
    null,
    { timeout: 60000 },
  );
}

async function logIn(username) {
  await page.goto(base + '/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
async function logOut() {
  const loggedOut = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().endsWith('/api/v1/sessions'));
  await page.getByRole('button', { name: /^Log out/ }).click();
  equal((await loggedOut).status(), 204, 'logging out revokes the token');
  await page.waitForURL(base + '/');
  await settled();
}

function parseCsv(text) {
  return text.trim().split('\n').map((line) => line.split(','));
}

try {
  // ---- the storefront's first load: its script, gzipped, under 300 KB; no chart code ----
  const scripts = [];
  const onScript = (r) => r.request().resourceType() === 'script' && scripts.push(r);
  page.on('response', onScript);
  await page.goto(base + '/');
  await settled();
  page.off('response', onScript);
  let scriptBytes = 0;
  for (const r of scripts) {
    equal(r.headers()['content-encoding'], 'gzip', `${new URL(r.url()).pathname} is sent gzipped`);
    scriptBytes += Number(r.headers()['content-length']);
  }
  console.log(`storefront first load: ${scripts.length} script(s), ${scriptBytes} bytes gzipped`);
  check(scripts.length > 0 && scriptBytes < 300 * 1024, 'the storefront loads under 300 KB of gzipped script');
  check(scripts.every((r) => !r.url().includes('/dash')), 'the storefront does not load the dashboards chunk');

  // ---- keyboard: focus starts on the page heading; Tab reaches the search field with a ring ----
  const focusOf = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      const label = el.labels?.length ? el.labels[0].textContent : el.textContent;
      return { label: label?.trim(), outline: `${style.outlineStyle} ${style.outlineWidth}` };
    });
  equal((await focusOf()).label, 'Shop', 'a page opens with focus on its heading');
  await page.keyboard.press('Tab');
  equal(await focusOf(), { label: 'Search', outline: 'solid 3px' }, 'Tab reaches the search field, with a visible focus ring');

  // ---- an API error is shown in words: the problem's detail ----
  await page.goto(base + '/login');
  await page.getByLabel('Username').fill('analyst');
  await page.getByLabel('Password').fill('not the password');
  provoked.push('POST /api/v1/sessions 401');
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  const refused = await page.getByRole('alert').textContent();
  const detail = await fetch(base + '/api/v1/sessions', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'nobody.here', password: 'not the password' }),
  }).then((r) => r.json()).then((p) => p.detail);
  check(detail && refused.includes(detail), `a refused login shows the problem's detail ("${refused.trim()}")`);

  // ---- analyst: RFM, a segment's customers and their CSV ----
  await logIn('analyst');
  check(new URL(page.url()).pathname === '/dash', 'an analyst lands on the dashboards');
  await page.goto(base + '/dash/rfm');
  await settled();
  check((await page.locator('.chart canvas').count()) > 0, 'the RFM heat map is drawn');
  // The first segment with customers (the table lists empty ones too).
  const segment = await page.locator('table tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.querySelector('button')?.textContent.trim(), Number(r.cells[1]?.textContent.replace(/\D/g, ''))]).find(([name, n]) => name && n > 0)?.[0],
  );
  await page.getByRole('button', { name: segment, exact: true }).click();
  await page.getByRole('heading', { name: `Customers in ${segment}` }).waitFor();
  await settled();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV for e-mail' }).click()]);
  const csvPath = join(work, 'segment.csv');
  await download.saveAs(csvPath);
  const fromBrowser = readFileSync(csvPath, 'utf8');
  const fromCli = cli('export', 'segment', segment, '--as-of', today);
  check(fromBrowser.split('\n').length > 2, `the ${segment} CSV has customers`);
  equal(fromBrowser, fromCli, `the ${segment} CSV is what \`cartwise export segment\` writes`);
  equal(parseCsv(fromBrowser)[0].join(','), 'customer_id,first_name,last_name,email,recency_days,frequency,monetary,r,f,m,segment', 'the CSV has the contract columns');
  const listed = await page.locator('section[aria-labelledby="segment-customers"] caption').textContent();
  equal(listed.replace(/\D/g, ''), String(parseCsv(fromCli).length - 1), 'the segment table counts the CSV rows');

  // ---- analyst: migration between the two snapshots ----
  await page.goto(base + '/dash/migration');
  await settled();
  const snaps = (await api('GET', '/api/v1/snapshots', await tokenOf('analyst'))).items;
  const [to, from] = [snaps[0].id, snaps[1].id];
  const report = parseCsv(cli('report', 'segment-migration', '--from-snapshot', String(from), '--to-snapshot', String(to), '--format', 'csv'));
  const col = Object.fromEntries(report[0].map((name, i) => [name, i]));
  const expected = {};
  for (const row of report.slice(1)) expected[`${row[col.from_segment]} -> ${row[col.to_segment]}`] = Number(row[col.customers]);
  const shown = await page.locator('table').first().evaluate((table) => {
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    const cells = {};
    for (const tr of table.querySelectorAll('tbody tr')) {
      const tds = [...tr.querySelectorAll('th, td')];
      const fromName = tds[0].textContent.trim();
      tds.slice(1).forEach((td, i) => (cells[`${fromName} -> ${heads[i + 1]}`] = Number(td.textContent.replace(/\D/g, ''))));
    }
    return cells;
  });
  const nonZero = Object.fromEntries(Object.entries(shown).filter(([, n]) => n > 0));
  const expectedNonZero = Object.fromEntries(Object.entries(expected).filter(([, n]) => n > 0));
  check(Object.keys(expectedNonZero).length > 0, 'the migration report has moves');
  equal(
    Object.fromEntries(Object.entries(nonZero).sort()),
    Object.fromEntries(Object.entries(expectedNonZero).sort()),
    'the migration matrix shows the counts of `cartwise report segment-migration`',
  );
  check((await page.locator('.chart canvas').count()) > 0, 'the migration sankey is drawn');

  // ---- analyst: a coupon for the shopper ----
  await page.goto(base + '/staff/coupons');
  await settled();
  await page.getByRole('button', { name: 'New coupon', exact: true }).click();
  const newCoupon = page.getByRole('form', { name: 'New coupon' });
  await newCoupon.getByLabel('Code').fill('WEB10');
  await newCoupon.getByLabel('Percent or amount').fill('10');
  await newCoupon.getByRole('button', { name: 'Create coupon' }).click();
  await page.getByRole('cell', { name: 'WEB10' }).first().waitFor();
  check(true, 'the analyst created coupon WEB10');
  await logOut();

  // ---- shopper: register, search, two sizes, checkout with the coupon ----
  const products = (await api('GET', '/api/v1/products?sort=-price&page_size=100', null)).items;
  const product = products.find((p) => p.sizes.filter((s) => s.stock >= 5).length >= 2);
  check(!!product, 'the shop has a product with two sizes in stock');
  const [sizeA, sizeB] = product.sizes.filter((s) => s.stock >= 5).map((s) => s.size);
  // Enough units that the goods after the 10% coupon pass the first reward threshold (250.00).
  const perSize = Math.min(5, Math.max(1, Math.ceil(300 / 2 / Number(product.price))));

  await page.goto(base + '/register');
  const reg = { Username: 'web.shopper', Password: password, 'E-mail': 'web.shopper@example.com', 'First name': 'Wendy', 'Last name': 'Browser',
    'Address line 1': '1 Test Street', 'Town or city': 'Leeds', Postcode: 'LS1 1AA' };
  for (const [label, value] of Object.entries(reg)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(base + '/account');

  await page.goto(base + '/');
  await page.getByLabel('Search').fill(product.name);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL((u) => u.search.includes('q='));
  await settled();
  await page.getByRole('link', { name: product.name, exact: true }).first().click();
  await page.getByRole('heading', { name: product.name }).waitFor();
  await settled();
  for (const size of [sizeA, sizeB]) {
    await page.getByRole('radio', { name: new RegExp(`^${size.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ·`) }).check();
    await page.getByLabel('Quantity').fill(String(perSize));
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByText(`size ${size}, to your cart`).waitFor();
  }
  await page.goto(base + '/cart');
  await settled();
  equal(await page.locator('table tbody tr').count(), 2, 'the cart holds the two sizes');
  // A code that does not exist: refused with the problem's detail, nothing ordered.
  await page.getByLabel('Coupon code').fill('NO-SUCH-CODE');
  provoked.push('POST /api/v1/orders 422');
  await page.getByRole('button', { name: 'Place order' }).click();
  const couponError = (await page.getByRole('alert').textContent()).trim();
  check(/coupon/i.test(couponError) && page.url().endsWith('/cart'), `an unknown coupon is refused in words ("${couponError}")`);
  await page.getByLabel('Coupon code').fill('WEB10');
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL(/\/orders\/\d+/);
  await settled();
  const orderId = Number(/\/orders\/(\d+)/.exec(page.url())[1]);
  const shopperToken = await tokenOf('web.shopper');
  const order = await api('GET', `/api/v1/orders/${orderId}`, shopperToken);
  check(Number(order.discount) > 0, `order ${orderId} has a coupon discount (${order.discount})`);
  const discountShown = (await page.getByTestId('order-discount').textContent()).replace(/[^\d.]/g, '');
  equal(discountShown, Number(order.discount).toFixed(2), 'the bill shows the order discount');
  const lineDiscounts = await page.locator('.bill tbody tr td:nth-child(5)').allTextContents();
  equal(lineDiscounts.length, 2, 'the bill has one row per size');
  check(lineDiscounts.every((t) => t.includes('−')), 'every line shows its discount');
  const rewards = (await api('GET', '/api/v1/me/rewards', shopperToken)).items;
  check(rewards.length === 1 && rewards[0].status === 'unclaimed', 'the order earned a reward');
  await page.getByText(/new reward/i).first().waitFor();
  check(true, 'the bill announces the new reward');
  await page.goto(base + '/account/rewards');
  await settled();
  check((await page.locator('table tbody tr').count()) === 1, 'my rewards lists it');
  // Order history: a second, small order is cancelled from the list.
  const second = await api('POST', '/api/v1/orders', shopperToken, { lines: [{ product_id: product.id, size: sizeA, quantity: 1 }] });
  await page.goto(base + '/account/orders');
  await settled();
  await page.getByRole('button', { name: `Cancel order ${second.id}`, exact: true }).click();
  await page.getByRole('button', { name: `Cancel order ${second.id}`, exact: true }).waitFor({ state: 'detached' });
  await settled();
  equal((await api('GET', `/api/v1/orders/${second.id}`, shopperToken)).status, 'cancelled', 'the shopper cancelled an order from the history');
  await logOut();

  // ---- warehouse: ships that order from the pick list ----
  await logIn('warehouse');
  await page.goto(base + '/staff/picklist');
  await settled();
  await page.getByRole('button', { name: `Ship order ${orderId}`, exact: true }).click();
  await page.getByRole('button', { name: `Ship order ${orderId}`, exact: true }).waitFor({ state: 'detached' });
  await settled();
  equal((await api('GET', `/api/v1/orders/${orderId}`, shopperToken)).status, 'shipped', 'the warehouse shipped the order');
  await page.getByLabel('Status').selectOption('shipped');
  await page.waitForURL(/status=shipped/);
  await settled();
  await page.getByRole('button', { name: `Deliver order ${orderId}`, exact: true }).click();
  await page.getByRole('button', { name: `Deliver order ${orderId}`, exact: true }).waitFor({ state: 'detached' });
  await settled();
  equal((await api('GET', `/api/v1/orders/${orderId}`, shopperToken)).status, 'delivered', 'the warehouse delivered it');
  // Restock one size and see the new count in words.
  const warehouseToken = await tokenOf('warehouse');
  const stockOf = async () => (await api('GET', `/api/v1/warehouse/stock?product_id=${product.id}`, warehouseToken)).items.find((r) => r.size === sizeA).stock;
  const before = await stockOf();
  await page.goto(base + '/staff/stock');
  await settled();
  const restock = page.getByRole('form', { name: 'Restock' });
  await restock.getByLabel('Product id').fill(String(product.id));
  await restock.getByLabel('Size').fill(sizeA);
  await restock.getByLabel('Units to add').fill('7');
  await restock.getByRole('button', { name: 'Add stock' }).click();
  await page.getByText(`size ${sizeA}: ${(before + 7).toLocaleString('en-GB')} in stock now`).waitFor();
  equal(await stockOf(), before + 7, 'restocking added 7 units');
  await logOut();

  // ---- marketing: a campaign created, the coupon edited and disabled ----
  await logIn('admin');
  const adminToken = await tokenOf('admin');
  await page.goto(base + '/staff/campaigns');
  await settled();
  await page.getByRole('button', { name: 'New campaign', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill('Web winter');
  await page.getByLabel('Cost (£)').fill('100.00');
  await page.getByLabel('Clicks').fill('50');
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await page.getByRole('cell', { name: 'Web winter', exact: true }).waitFor();
  await settled();
  const campaign = (await api('GET', '/api/v1/campaigns', adminToken)).items.find((c) => c.name === 'Web winter');
  equal([campaign?.cost, campaign?.clicks], ['100.00', 50], 'the campaign was created with its cost and clicks');
  await page.goto(base + '/staff/coupons');
  await settled();
  await page.getByRole('button', { name: 'Edit WEB10', exact: true }).click();
  const editCoupon = page.getByRole('form', { name: 'Edit coupon WEB10' });
  await editCoupon.getByLabel('Max uses', { exact: true }).fill('100');
  await editCoupon.getByRole('button', { name: 'Save coupon' }).click();
  await page.getByText('Coupon WEB10 saved.').waitFor();
  await page.getByRole('button', { name: 'Disable WEB10', exact: true }).click();
  await page.getByRole('button', { name: 'Enable WEB10', exact: true }).waitFor();
  const coupon = (await api('GET', '/api/v1/coupons', adminToken)).items.find((c) => c.code === 'WEB10');
  equal([coupon?.max_uses, coupon?.active, coupon?.uses], [100, false, 1], 'the coupon was edited (max uses 100), disabled, and counts its one use');
  // The lifetime-value dashboard reads the latest snapshot (never the clv reports, which refit the
  // model): its charts from /snapshots/{id}/clv, its customers by CLV a page at a time.
  const clvRequests = [];
  const recordApi = (r) => r.url().includes('/api/v1/') && clvRequests.push(new URL(r.url()).pathname + new URL(r.url()).search);
  page.on('request', recordApi);
  const latestSnapshot = (await api('GET', '/api/v1/snapshots', adminToken)).items[0];
  await page.goto(base + '/dash/clv');
  await settled();
  page.off('request', recordApi);
  const distribution = await api('GET', `/api/v1/snapshots/${latestSnapshot.id}/clv`, adminToken);
  check(clvRequests.includes(`/api/v1/snapshots/${latestSnapshot.id}/clv`), 'the CLV page asks for the latest snapshot\'s distribution');
  equal(clvRequests.filter((u) => u.startsWith('/api/v1/analytics/')), [], 'the CLV page runs no analytics report');
  check(distribution.clv_fitted && distribution.points.length > 0 && distribution.model !== null, 'the generated shop\'s snapshot has a fitted model and P(alive) points');
  equal((await page.locator('.chart[data-rendered="true"]').count()) >= 3, true, 'the histogram, the scatter and the holdout chart are drawn');
  const bucketTable = page.locator('table', { has: page.locator('caption', { hasText: 'CLV buckets' }) });
  const shownCounts = await bucketTable.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.children[2].textContent.replace(/\D/g, ''))));
  equal(shownCounts, distribution.buckets.map((b) => b.customers), 'the bucket table shows the endpoint\'s counts');
  const topTable = page.locator('section[aria-labelledby="clv-customers"]');
  const firstIds = async () => topTable.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.children[0].textContent)));
  const pageOne = await firstIds();
  const byClv = async (n) => (await api('GET', `/api/v1/snapshots/${latestSnapshot.id}/customers?sort=clv&page_size=25&page=${n}`, adminToken)).items.map((c) => c.customer_id);
  equal(pageOne, await byClv(1), 'page 1 of the customers by CLV');
  await topTable.getByRole('button', { name: 'Next' }).click();
  await page.waitForURL((u) => u.searchParams.get('clv_page') === '2');
  await settled();
  await topTable.locator('caption', { hasText: 'page 2' }).waitFor();
  const pageTwo = await firstIds();
  equal(pageTwo, await byClv(2), 'Next shows page 2 of the customers by CLV');
  check(pageTwo.length > 0 && pageTwo.every((id) => !pageOne.includes(id)), 'page 2 has other customers than page 1');

  // The offer plan of the lifetime-value dashboard, issued as personal coupons by its button.
  await page.goto(base + '/dash/clv');
  await settled();
  await page.getByRole('button', { name: 'Plan offers' }).click();
  const issueCoupons = page.getByRole('button', { name: 'Create the plan’s personal coupons' });
  await issueCoupons.waitFor();
  const [offerDownload] = await Promise.all([page.waitForEvent('download'), issueCoupons.click()]);
  const issuedNotice = page.getByText(/coupons created, .* campaign #\d+/);
  await issuedNotice.waitFor();
  const [, createdText, campaignText] = (await issuedNotice.textContent()).match(/([\d,]+) coupons created, .* campaign #(\d+)/);
  const created = Number(createdText.replace(/,/g, ''));
  const offerCsvPath = join(work, 'offer-coupons.csv');
  await offerDownload.saveAs(offerCsvPath);
  const offerCsv = parseCsv(readFileSync(offerCsvPath, 'utf8'));
  const offerCoupons = (await api('GET', '/api/v1/coupons', adminToken)).items.filter((c) => c.campaign_id === Number(campaignText));
  check(created > 0, `the offer plan's button created ${created} personal coupons`);
  equal(offerCoupons.length, created, 'the API lists every coupon the button created, under its campaign');
  const csvCode = offerCsv[0].indexOf('code');
  equal(offerCsv.slice(1).map((r) => r[csvCode].toUpperCase()).sort(), offerCoupons.map((c) => c.code).sort(), 'the downloaded CSV names those coupons');
  await logOut();

  // ---- every page at both sizes ----
  const pages = {
    anonymous: ['/', `/products/${product.id}`, '/cart', '/login', '/register', '/no-such-page'],
    'web.shopper': ['/', `/products/${product.id}`, '/cart', `/orders/${orderId}`, '/account', '/account/orders', '/account/rewards'],
    warehouse: ['/staff/picklist', '/staff/stock'],
    admin: ['/staff/coupons', '/staff/campaigns', '/dash', `/dash/rfm?segment=${encodeURIComponent(segment)}`, '/dash/migration', '/dash/activity',
      '/dash/retention', '/dash/sales', '/dash/order-value', '/dash/breakdowns', '/dash/coupons', '/dash/campaigns', '/dash/loyalty', '/dash/clv'],
  };
  for (const [who, paths] of Object.entries(pages)) {
    if (who !== 'anonymous') await logIn(who);
    for (const path of paths) {
      for (const [w, h] of [[1280, 800], [390, 844]]) {
        await page.setViewportSize({ width: w, height: h });
        // A fresh load each time: every page must work after a reload.
        await page.goto(base + path);
        await settled();
        const name = `${who}${path.replace(/[/?=&%]+/g, '_')}-${w}x${h}.png`.replace(/_+-/, '-');
        await page.screenshot({ path: join(shots, name), fullPage: true });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > w) failures.push(`${path} as ${who} is ${width} px wide at ${w}x${h}: the page scrolls sideways`);
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    if (who !== 'anonymous') await logOut();
  }
  check(true, `screenshots in ${shots}`);
} catch (e) {
  failures.push(`the flow stopped: ${e.stack ?? e}`);
  console.log(`FAIL ${e.stack ?? e}`);
  await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}

// "/no-such-page" is the app's own not-found page (200 from the server), so nothing is exempt.
equal(problems, [], 'no console error, page error, failed request or HTTP error');
equal(provoked, [], 'every provoked error answer happened');
if (failures.length) {
  console.log(`\n${failures.length} failure(s):\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('\nall browser checks passed');
