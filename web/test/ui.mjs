// The browser UI in headless Chromium (Debian's chromium through playwright-core), against a
// real `tudi serve` on the demo county: log in, identify, open an attribute table, draw a site
// over farmland, read the overlap and the conclusion, make the report and download it.
// Screenshots go to $TUDI_UI_OUT (default web/test-output) to be looked at by eye.
// Exit 77 (ctest: skipped) with a message when node's packages, the UI or chromium are absent.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const here = new URL('..', import.meta.url).pathname;
const skip = (why) => {
  console.log(`SKIPPED: ${why}`);
  process.exit(77);
};
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const tudi = process.env.TUDI;
const demo = process.env.TUDI_DEMO;
if (!tudi || !demo) skip('TUDI and TUDI_DEMO are not set (run through ctest)');
if (!existsSync(chromiumPath)) skip(`${chromiumPath} is absent (apt-get install chromium)`);
if (!existsSync(join(here, 'node_modules', 'playwright-core'))) skip('web/node_modules is absent (run scripts/setup.sh)');
if (!existsSync(join(here, 'dist', 'index.html'))) skip('web/dist is absent (run scripts/setup.sh)');
const { chromium } = createRequire(import.meta.url)('playwright-core');

const out = process.env.TUDI_UI_OUT || join(here, 'test-output');
mkdirSync(out, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), 'tudi-ui-'));
const data = join(scratch, 'data');
const password = 'ui test password';
const failures = [];
const expect = (ok, what) => {
  if (!ok) failures.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
};

const init = spawnSync(tudi, ['serve', '--data', data, '--init-admin', 'analyst1'], { input: `${password}\n` });
if (init.status !== 0) throw new Error(`--init-admin failed: ${init.stderr}`);

const server = spawn(tudi, ['-q', 'serve', '-c', demo, '--data', data, '--listen', '127.0.0.1:0', '--web', join(here, 'dist')], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise((resolve, reject) => {
  let text = '';
  server.stdout.on('data', (d) => {
    text += d;
    const m = text.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
    if (m) resolve(Number(m[1]));
  });
  server.on('exit', (code) => reject(new Error(`tudi serve exited (${code})`)));
  setTimeout(() => reject(new Error('tudi serve did not start in 60 s')), 60000);
});
const base = `http://127.0.0.1:${port}`;

const context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 860 },
  acceptDownloads: true,
  locale: 'zh-CN',
});
const page = context.pages()[0] || (await context.newPage());
const consoleErrors = [];
page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
page.on('pageerror', (e) => consoleErrors.push(String(e)));
// Refusals the test provokes (the boot's session probe, the wrong password) are expected.
const refused = [];
page.on('response', (r) => {
  if (r.status() >= 400 && !(r.status() === 401 && /\/api\/(me|login)$/.test(r.url()))) refused.push(`${r.status()} ${r.url()}`);
});

/** Waits until the map has drawn every tile it asked for. */
const rendered = () =>
  page.evaluate(() => new Promise((resolve) => {
    window.tudiMap.once('rendercomplete', () => resolve(true));
    window.tudiMap.render();
  }));

try {
  await page.goto(base);
  await page.waitForSelector('#login-form');
  await page.fill('#login-name', 'analyst1');
  await page.fill('#login-password', 'wrong password');
  await page.click('#login-submit');
  await page.waitForFunction(() => document.querySelector('#login-error').textContent.length > 0);
  expect((await page.textContent('#login-error')).includes('用户名或密码错误'), 'a wrong password is refused in Chinese');
  await page.fill('#login-password', password);
  await page.click('#login-submit');
  await page.waitForSelector('#app:not([hidden])');
  await page.waitForFunction(() => window.tudiMap && document.querySelectorAll('#layer-tree > li').length > 0);
  await rendered();
  expect((await page.textContent('#project-title')) === '卫源县土地供应与规划分析报告', 'the project title is shown');
  const treeText = await page.textContent('#layer-tree');
  expect(['永久基本农田', '生态保护红线', '城镇开发边界'].every((t) => treeText.includes(t)), 'the layer tree names the three lines');
  await page.screenshot({ path: join(out, '1-map.png') });

  // A farmland plot with a 60 m square well inside it, found through the API the page uses.
  const site = await page.evaluate(async () => {
    const fc = await (await fetch('/api/layers/farmland/features?limit=3000')).json();
    const inside = (x, y, rings) => {
      let c = false;
      for (const ring of rings)
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i];
          const [xj, yj] = ring[j];
          if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
        }
      return c;
    };
    for (const f of fc.features) {
      const rings = f.geometry.coordinates[0];
      const xs = rings[0].map((p) => p[0]);
      const ys = rings[0].map((p) => p[1]);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      for (let gx = x0 + 40; gx < x1 - 40; gx += 20)
        for (let gy = y0 + 40; gy < y1 - 40; gy += 20) {
          const probe = [];
          for (let dx = -40; dx <= 40; dx += 10) for (let dy = -40; dy <= 40; dy += 10) probe.push([gx + dx, gy + dy]);
          if (!probe.every(([px, py]) => inside(px, py, rings))) continue;
          const id = await (await fetch(`/api/identify?x=${gx}&y=${gy}&tolerance=0&roles=farmland`)).json();
          if (id.features.length === 1) return { x: gx, y: gy, plot: id.features[0].id };
        }
    }
    return null;
  });
  expect(site !== null, 'a farmland plot wide enough to draw in');
  await page.evaluate(({ x, y }) => {
    const v = window.tudiMap.getView();
    v.setCenter([x, y]);
    v.setResolution(v.getResolutions().find((r) => r < 0.6));
  }, site);
  await rendered();
  const mapBox = await page.locator('#map').boundingBox();
  const px = async (x, y) => {
    const [sx, sy] = await page.evaluate((c) => window.tudiMap.getPixelFromCoordinate(c), [x, y]);
    return [mapBox.x + sx, mapBox.y + sy];
  };

  // Identify: a click on the plot shows its attributes with their Chinese names.
  const [cx, cy] = await px(site.x, site.y);
  await page.mouse.click(cx, cy);
  await page.waitForSelector('#popup:not([hidden])');
  const popup = await page.textContent('#popup');
  expect(popup.includes('永久基本农田') && popup.includes(site.plot), 'identify shows the farmland plot');
  expect(popup.includes('地类编码'), 'identify shows Chinese field names');
  await page.screenshot({ path: join(out, '2-identify.png') });
  await page.click('#popup .close');

  // The attribute table of the farmland layer.
  await page.click('#layer-tree li[data-role="farmland"] button');
  await page.waitForSelector('#table:not([hidden]) tbody tr');
  expect((await page.textContent('#table-count')).includes('共 644 条'), 'the attribute table counts the farmland plots');
  await page.click('#table-close');

  // Draw a 60 m square over the farmland and read the three-line answer.
  await page.selectOption('#check-category', '工业');
  await page.click('#draw');
  const corners = [[-30, -30], [30, -30], [30, 30], [-30, 30]];
  for (let i = 0; i < corners.length; ++i) {
    const [sx, sy] = await px(site.x + corners[i][0], site.y + corners[i][1]);
    if (i < corners.length - 1) await page.mouse.click(sx, sy);
    else await page.mouse.dblclick(sx, sy);
    await page.waitForTimeout(150);
  }
  await page.waitForSelector('#check-result .answer', { timeout: 30000 });
  const farm = await page.textContent('#check-result li[data-line="farmland"] .value');
  expect(farm.includes('占用 0.36') && farm.includes('1 块'), `the farmland overlap is the square's 0.36 ha (${farm})`);
  const red = await page.textContent('#check-result li[data-line="redline"] .value');
  expect(red.includes('不占用'), `the red line is not touched (${red})`);
  const verdict = await page.textContent('#check-result .conclusion .label');
  expect(verdict === '禁止', `the conclusion is 禁止 (${verdict})`);
  const pieces = await page.evaluate(() => window.tudiMap.getLayers().getArray().reduce((n, l) => n + (l.getSource().getFeatures ? l.getSource().getFeatures().length : 0), 0));
  expect(pieces >= 2, 'the overlap piece and the site are drawn on the map');
  await page.waitForFunction(() => !window.tudiMap.getView().getAnimating());  // the fit to the result
  await rendered();
  await page.screenshot({ path: join(out, '3-check.png') });

  // The report of that site: a job with progress, then its PDF downloads.
  await page.click('#check-report');
  await page.waitForSelector('#job-list li[data-kind="report"]');
  await page.screenshot({ path: join(out, '4-job-running.png') });
  await page.waitForSelector('#job-list li[data-kind="report"].state-done', { timeout: 180000 });
  const link = page.locator('#job-list li[data-kind="report"] a', { hasText: 'report.pdf' });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const file = join(scratch, 'report.pdf');
  await download.saveAs(file);
  expect(readFileSync(file).subarray(0, 5).toString() === '%PDF-', 'the downloaded report is a PDF');
  await page.screenshot({ path: join(out, '5-jobs.png') });
  expect(refused.length === 0, `no request refused ${refused.join(' | ')}`);
  const unexpected = consoleErrors.filter((m) => !m.startsWith('Failed to load resource'));
  expect(unexpected.length === 0, `no errors in the page's console ${unexpected.join(' | ')}`);
} catch (e) {
  failures.push(String(e));
  console.log(`FAIL ${e}`);
  await page.screenshot({ path: join(out, 'failure.png') }).catch(() => {});
} finally {
  await context.close();
  server.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
}
console.log(failures.length ? `${failures.length} failed` : 'all passed');
process.exit(failures.length ? 1 : 0);
