import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@chorus/runtime';
import { chromiumPath } from '../../scripts/ensure-browser.ts';
import { startWebServer } from '../../web/server/serve.ts';
import { freePort } from '../support/free-port.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

const artifacts = path.join(repoRoot, 'test', 'artifacts');
const password = 'correct horse battery staple';
// No network beyond this machine: these flags stop Chromium's own calls home.
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Person {
  handle: string;
  name: string;
  context: BrowserContext;
  page: Page;
  /** Every POST body the page sent to /graphql. */
  posts: Record<string, unknown>[];
  errors: string[];
}

/**
 * The production build of the web client, served as `npm start` serves it,
 * in headless Chromium: Ann on a desktop-sized window, Bea on a phone.
 */
describe('web client in headless Chromium', () => {
  let system: TestSystem;
  let web: { url: string; stop(): Promise<void> };
  let browser: Browser;
  let ann: Person;
  let bea: Person;

  async function open(handle: string, name: string, viewport: { width: number; height: number }, mobile: boolean): Promise<Person> {
    const context = await browser.newContext({ viewport, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: mobile ? 2 : 1 });
    const page = await context.newPage();
    const person: Person = { handle, name, context, page, posts: [], errors: [] };
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/graphql') person.posts.push(request.postDataJSON() as Record<string, unknown>);
    });
    page.on('pageerror', (error) => person.errors.push(error.message));
    await page.goto(web.url);
    return person;
  }

  async function signUp(person: Person): Promise<void> {
    const { page } = person;
    await page.getByRole('tab', { name: 'Sign up' }).click();
    await page.getByLabel('Handle', { exact: true }).fill(person.handle);
    await page.getByLabel('Display name').fill(person.name);
    await page.getByLabel('Email').fill(`${person.handle}@example.com`);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await expect.poll(() => page.getByTestId('link-state').innerText(), { timeout: 15_000 }).toBe('Live');
  }

  const messageTexts = (page: Page) => page.locator('.messages li .text').allInnerTexts();

  beforeAll(async () => {
    system = await startTestSystem({ CHORUS_CHAT_TYPING_TTL_MS: '3000' });
    const config = { gateway: new URL(system.gatewayUrl).origin, media: system.baseUrl('media') };
    web = await startWebServer({ host: '127.0.0.1', port: await freePort(), gatewayOrigin: config.gateway, mediaOrigin: config.media });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    ann = await open('ann', 'Ann Archer', { width: 1280, height: 800 }, false);
    bea = await open('bea', 'Bea Brook', { width: 390, height: 844 }, true);
    await mkdir(artifacts, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await system?.stop();
  });

  it('signs both up, and sends operations by manifest id only', async () => {
    await signUp(ann);
    await signUp(bea);
    expect(ann.posts.length).toBeGreaterThan(0);
    for (const body of [...ann.posts, ...bea.posts]) {
      expect(body.query, JSON.stringify(body)).toBeUndefined();
      expect(body.extensions).toMatchObject({ persistedQuery: { version: 1, sha256Hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    }
  });

  it('refreshes a rejected access token without the user noticing', async () => {
    const { page } = ann;
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('chorus.session')!) as { accessToken: string };
      localStorage.setItem('chorus.session', JSON.stringify({ ...session, accessToken: `${session.accessToken}x` }));
    });
    const before = ann.posts.length;
    await page.reload();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await expect.poll(() => ann.posts.slice(before).some((body) => body.operationName === 'RefreshSession')).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
    await expect.poll(() => page.getByTestId('link-state').innerText(), { timeout: 15_000 }).toBe('Live');
  });

  it('Ann follows Bea; Bea posts with an image; Ann sees it in her home timeline', async () => {
    await ann.page.getByRole('link', { name: 'People' }).click();
    await ann.page.getByLabel('Find someone by handle').fill('bea');
    await ann.page.getByRole('button', { name: 'Find' }).click();
    await ann.page.getByRole('heading', { name: 'Bea Brook' }).waitFor();
    await ann.page.getByRole('button', { name: 'Follow Bea Brook' }).click();
    await ann.page.getByRole('button', { name: 'Unfollow Bea Brook' }).waitFor();
    await ann.page.getByRole('link', { name: 'Home' }).click();

    const image = await sharp({ create: { width: 480, height: 320, channels: 3, background: '#2a9d8f' } })
      .composite([{ input: Buffer.from('<svg width="480" height="320"><circle cx="240" cy="160" r="100" fill="#e9c46a"/></svg>') }])
      .png()
      .toBuffer();
    const body = 'Sun over the bay, from my phone';
    await bea.page.getByLabel('What is happening?').fill(body);
    await bea.page.locator('input[type=file][name=image]').setInputFiles({ name: 'bay.png', mimeType: 'image/png', buffer: image });
    await bea.page.getByRole('button', { name: 'Post', exact: true }).click();
    await bea.page.getByRole('article', { name: 'Post by Bea Brook' }).waitFor();

    // Fan-out is asynchronous: the banner appears once the post reached Ann's timeline.
    const banner = ann.page.getByRole('button', { name: /new posts?$/ });
    await expect
      .poll(
        async () => {
          if (await banner.isVisible()) return true;
          await ann.page.getByRole('link', { name: 'People' }).click();
          await ann.page.getByRole('link', { name: 'Home' }).click();
          await ann.page.waitForTimeout(500);
          return banner.isVisible();
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await banner.click();
    const post = ann.page.getByRole('article', { name: 'Post by Bea Brook' });
    await expect.poll(() => post.locator('.body').innerText()).toBe(body);
    const img = post.getByRole('img', { name: /Image 1 of 1 in Bea Brook's post/ });
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { timeout: 15_000 }).toBe(true);
    expect((await img.getAttribute('srcset'))?.split(',').length).toBeGreaterThanOrEqual(2);
    await ann.page.screenshot({ path: path.join(artifacts, 'web-client-desktop.png') });
    await bea.page.screenshot({ path: path.join(artifacts, 'web-client-phone-home.png') });
  });

  it('Ann messages Bea, who sees it live, typing included; offline, Bea misses nothing and gets nothing twice', async () => {
    await bea.page.getByRole('link', { name: 'Messages' }).click();
    await bea.page.getByRole('heading', { name: 'Messages' }).waitFor();

    await ann.page.goto(`${web.url}#/u/bea`);
    await ann.page.getByRole('link', { name: 'Message', exact: true }).click();
    await ann.page.getByLabel('Message', { exact: true }).fill('Hi Bea!');
    await ann.page.getByRole('button', { name: 'Send' }).click();
    await ann.page.getByRole('heading', { name: 'Bea Brook' }).waitFor();

    // Bea's list picks the new conversation up without a reload, unread.
    const row = bea.page.getByRole('link', { name: 'Ann Archer' });
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(() => bea.page.getByLabel('1 unread').count()).toBe(1);
    await row.click();
    await expect.poll(() => messageTexts(bea.page)).toEqual(['Hi Bea!']);

    await ann.page.getByLabel('Message', { exact: true }).pressSequentially('How are');
    await bea.page.getByText('Ann Archer is typing…').waitFor({ timeout: 10_000 });
    await ann.page.getByLabel('Message', { exact: true }).press('Enter');
    await expect.poll(() => messageTexts(bea.page), { timeout: 10_000 }).toEqual(['Hi Bea!', 'How are']);

    await bea.context.setOffline(true);
    await expect.poll(() => bea.page.getByTestId('link-state').innerText()).toBe('Offline');
    for (const text of ['one', 'two', 'three']) {
      await ann.page.getByLabel('Message', { exact: true }).fill(text);
      await ann.page.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => messageTexts(ann.page)).toContain(text);
    }
    await bea.page.waitForTimeout(1000);
    expect(await messageTexts(bea.page)).toEqual(['Hi Bea!', 'How are']);

    await bea.context.setOffline(false);
    await expect.poll(() => bea.page.getByTestId('link-state').innerText(), { timeout: 20_000 }).toBe('Live');
    await expect.poll(() => messageTexts(bea.page), { timeout: 15_000 }).toEqual(['Hi Bea!', 'How are', 'one', 'two', 'three']);
    // Live and synced copies of one message must not both show: a second look, after things settle.
    await bea.page.waitForTimeout(1000);
    expect(await bea.page.locator('.messages li').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-seq'))))).toEqual([1, 2, 3, 4, 5]);
    await bea.page.screenshot({ path: path.join(artifacts, 'web-client-phone.png') });
  });

  it('Bea sets an avatar through the upload flow, and it shows with alt text', async () => {
    const { page } = bea;
    await page.getByRole('link', { name: 'Profile' }).click();
    const avatar = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#e76f51' } }).jpeg().toBuffer();
    await page.locator('input[type=file]').setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: avatar });
    await page.getByText('Avatar updated.').waitFor({ timeout: 15_000 });
    const img = page.getByRole('img', { name: "Bea Brook's avatar" });
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { timeout: 15_000 }).toBe(true);
    expect([...ann.errors, ...bea.errors]).toEqual([]);
  });

  it('sent every HTTP operation of the whole session by manifest id, never as text', () => {
    const names = new Set([...ann.posts, ...bea.posts].map((body) => body.operationName));
    // The flows above used these: a check that the list is not vacuously clean.
    for (const name of ['SignUp', 'RefreshSession', 'Follow', 'CreateUpload', 'CreatePost', 'HomeTimeline', 'SendDirectMessage', 'SendMessage', 'Sync', 'UpdateProfile']) {
      expect(names, name).toContain(name);
    }
    for (const body of [...ann.posts, ...bea.posts]) {
      expect(body.query, JSON.stringify(body)).toBeUndefined();
      expect(body.extensions).toMatchObject({ persistedQuery: { version: 1, sha256Hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    }
  });
});
