// Opens the playground in headless Debian Chromium, asks one question, waits for the streamed
// answer, saves a screenshot and prints what the page rendered as JSON.
// Usage: node playground.mjs <baseURL> <question> <screenshotPath> [apiKey|""] [up|down|""] [approve|decline]
// With up or down, it then clicks that thumb and reports the feedback status the page shows.
// With approve or decline, it then answers the SQL approval the first turn asked for and reports the next turn as `decided`.
import { chromium } from 'playwright-core';

const [baseURL, question, screenshot, apiKey, thumb, decision] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(baseURL, { waitUntil: 'load' });
  if (apiKey) await page.fill('#api-key', apiKey);
  await page.fill('#prompt', question);
  await page.click('#send');
  const turn = page.locator('.turn.done').first();
  await turn.waitFor({ timeout: 30_000 });
  const result = { title: await page.title(), ...(await rendered(turn)), consoleErrors };
  if (decision) {
    await turn.locator(decision === 'approve' ? '.approve' : '.decline').click();
    const next = page.locator('.turn.done').nth(1);
    await next.waitFor({ timeout: 30_000 });
    result.decided = await rendered(next);
  }
  if (thumb) {
    await turn.locator(`.thumb[data-positive="${thumb === 'up'}"]`).click();
    const status = turn.locator('.feedback-status');
    await page.waitForFunction((el) => el.textContent.trim().length > 0, await status.elementHandle(), { timeout: 30_000 });
    result.feedback = (await status.innerText()).trim();
  }
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}

// What the page shows of one turn.
async function rendered(turn) {
  const text = async (selector) => ((await turn.locator(selector).isVisible()) ? (await turn.locator(selector).innerText()).trim() : null);
  return {
    question: await text('.question'),
    answer: await text('.text'),
    route: await text('.route'),
    sql: (await turn.locator('.sql').isVisible()) ? (await turn.locator('.sql pre').textContent()) : null,
    approval: await turn.locator('.approval').isVisible(),
    table: await turn.locator('.results table tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent))),
    citations: await turn.locator('.citations li').allInnerTexts(),
    traceHref: await turn.locator('.trace a').count() ? await turn.locator('.trace a').getAttribute('href') : null,
    trace: await text('.trace'),
    error: await text('.error'),
  };
}
