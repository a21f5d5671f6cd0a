import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@chorus/runtime';
import { webManifestPath } from '@chorus/gateway/web-operations';
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
  /** Every frame the page sent over a WebSocket (graphql-ws), as text. */
  frames: string[];
  errors: string[];
}

/** Presses Tab until `target` has the focus, as a keyboard user would; fails when it is not reached within `limit` presses. */
async function tabTo(page: Page, target: Locator, limit = 25): Promise<number> {
  for (let presses = 0; presses <= limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return presses;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** Every <img> carries non-empty alt text, and every other image role a name. */
async function expectAltTextEverywhere(page: Page): Promise<number> {
  const alts = await page.locator('img').evaluateAll((images) => images.map((image) => [image.getAttribute('src'), image.getAttribute('alt')]));
  for (const [src, alt] of alts) expect(alt?.trim(), `alt of ${src}`).toBeTruthy();
  const labels = await page.locator('[role=img]').evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label')));
  for (const label of labels) expect(label?.trim()).toBeTruthy();
  return alts.length;
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
  /** Cy Cole (cyd), signed up over the API by the suggestions test; his browser opens for the follow requests. */
  let cy: Person | undefined;
  const everyone = () => [ann, bea, ...(cy ? [cy] : [])];

  /** Opens a page of the person's browser, recording what it sends. */
  async function openPage(person: Person): Promise<Page> {
    const page = await person.context.newPage();
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/graphql') person.posts.push(request.postDataJSON() as Record<string, unknown>);
    });
    page.on('websocket', (socket) => socket.on('framesent', ({ payload }) => person.frames.push(String(payload))));
    page.on('pageerror', (error) => person.errors.push(error.message));
    await page.goto(web.url);
    person.page = page;
    return page;
  }

  async function open(handle: string, name: string, viewport: { width: number; height: number }, mobile: boolean): Promise<Person> {
    const context = await browser.newContext({ viewport, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: mobile ? 2 : 1 });
    const person: Person = { handle, name, context, page: undefined as unknown as Page, posts: [], frames: [], errors: [] };
    await openPage(person);
    return person;
  }

  const sessionOf = (person: Person) =>
    person.page.evaluate(
      () => JSON.parse(localStorage.getItem('chorus.session') ?? 'null') as { accessToken: string; refreshToken: string; user: { id: string } } | null,
    );

  /** An operation sent straight to the gateway, as a person, with a token, or anonymously: for setting the scene fast, not for the flows under test. */
  async function api<T>(who: Person | string | null, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const token = who === null || typeof who === 'string' ? (who ?? undefined) : (await sessionOf(who))!.accessToken;
    const result = await system.query(query, variables, token);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data as T;
  }

  const waitUntilLive = (page: Page) => expect.poll(() => page.getByTestId('link-state').innerText(), { timeout: 15_000 }).toBe('Live');

  /** A rejected access token is traded for a new one behind the scenes: no error shown, the live link comes back. */
  async function expectTransparentRefresh(person: Person): Promise<void> {
    const { page } = person;
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('chorus.session')!) as { accessToken: string };
      localStorage.setItem('chorus.session', JSON.stringify({ ...session, accessToken: `${session.accessToken}x` }));
    });
    const before = person.posts.length;
    await page.reload();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await expect.poll(() => person.posts.slice(before).some((body) => body.operationName === 'RefreshSession')).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
    await waitUntilLive(page);
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
    await waitUntilLive(page);
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
    await expectTransparentRefresh(ann);
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

  it("shows a friend's presence dot: online while her page is open, offline once she closed it, online when she is back", async () => {
    // Presence is for friends, mutual follows only: Ann follows Bea already, and Bea follows back.
    await bea.page.goto(`${web.url}#/u/ann`);
    await bea.page.getByRole('button', { name: 'Follow Ann Archer' }).click();
    await bea.page.getByRole('button', { name: 'Unfollow Ann Archer' }).waitFor();
    const annOnline = bea.page.getByRole('img', { name: 'Ann Archer is online' });
    const annOffline = bea.page.getByRole('img', { name: 'Ann Archer is offline' });
    // Chat learns of the friendship from social's events; until then Bea's list shows no dot for Ann at all.
    await expect
      .poll(
        async () => {
          await bea.page.goto(`${web.url}#/people`);
          await bea.page.goto(`${web.url}#/chats`);
          await bea.page.getByRole('link', { name: 'Ann Archer' }).waitFor();
          await bea.page.waitForTimeout(300);
          return annOnline.isVisible();
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    expect(await annOffline.count()).toBe(0);
    await bea.page.screenshot({ path: path.join(artifacts, 'web-client-phone-presence.png') });

    // The other way round, in the open conversation: Bea is online for Ann.
    await ann.page.goto(`${web.url}#/chats`);
    await ann.page.getByRole('link', { name: 'Bea Brook' }).click();
    await ann.page.getByRole('heading', { name: 'Bea Brook' }).waitFor();
    await ann.page.getByRole('img', { name: 'Bea Brook is online' }).waitFor({ timeout: 10_000 });

    // Ann closes her page: her dot on Bea's screen turns offline, live, without Bea doing anything.
    await ann.page.close();
    await annOffline.waitFor({ timeout: 15_000 });
    expect(await annOnline.count()).toBe(0);
    await openPage(ann);
    await ann.page.getByRole('heading', { name: 'Home' }).waitFor();
    await waitUntilLive(ann.page);
    await annOnline.waitFor({ timeout: 15_000 });
    await expectAltTextEverywhere(bea.page);
  });

  it('Ann signs out: her session is gone, on the server too; she logs in again, and a rejected token still refreshes unnoticed', async () => {
    const { page } = ann;
    const { refreshToken } = (await sessionOf(ann))!;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('form', { name: 'Log in' }).waitFor();
    expect(await sessionOf(ann)).toBeNull();
    // Signing out closed her live connection: Bea, still on her messages, sees her go offline.
    await bea.page.getByRole('img', { name: 'Ann Archer is offline' }).waitFor({ timeout: 15_000 });
    await page.reload();
    await page.getByRole('form', { name: 'Log in' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Home' }).count()).toBe(0);
    const refused = await system.query(`mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, { t: refreshToken });
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);

    await page.getByLabel('Handle or email').fill('ann');
    await page.getByLabel('Password').fill('not my password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await waitUntilLive(page);
    await bea.page.getByRole('img', { name: 'Ann Archer is online' }).waitFor({ timeout: 15_000 });
    await expectTransparentRefresh(ann);
  });

  it('loads older posts as Ann scrolls to the end of her home timeline: every page, in order, none twice', async () => {
    const { page } = ann;
    const bodies = Array.from({ length: 21 }, (_, i) => `Note ${i + 1} from the archive`);
    for (const body of bodies) await api(bea, `mutation($b: String!) { createPost(input: { body: $b }) { id } }`, { b: body });
    // Fan-out is asynchronous: wait until every post reached Ann's timeline, and take its order from the server, in one page.
    let expected: string[] = [];
    await expect
      .poll(
        async () => {
          const data = await api<{ homeTimeline: { edges: { node: { body: string } }[] } }>(ann, '{ homeTimeline(first: 50) { edges { node { body } } } }');
          expected = data.homeTimeline.edges.map((edge) => edge.node.body);
          return expected.length;
        },
        { timeout: 20_000 },
      )
      .toBe(bodies.length + 1);
    expect([...expected].sort()).toEqual([...bodies, 'Sun over the bay, from my phone'].sort());

    await page.reload();
    const feed = page.getByRole('list', { name: 'Home timeline' });
    const shown = () => feed.locator('article .body').allInnerTexts();
    // One page of ten: the end of the list is below the fold.
    await expect.poll(shown).toEqual(expected.slice(0, 10));
    await expect
      .poll(
        async () => {
          await page.mouse.wheel(0, 20_000);
          return (await shown()).length;
        },
        { timeout: 20_000 },
      )
      .toBe(expected.length);
    expect(await shown()).toEqual(expected);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });

  it('suggests friends of friends on People; Ann follows a suggestion, and unfollows again', async () => {
    // Bea and Cy are friends, as Ann and Bea are: Cy is a friend of a friend of Ann's.
    const cy = (
      await api<{ signUp: { accessToken: string; user: { id: string } } }>(
        null,
        'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken user { id } } }',
        { i: { handle: 'cyd', email: 'cyd@example.com', displayName: 'Cy Cole', password } },
      )
    ).signUp;
    const follow = 'mutation($id: ID!) { follow(userId: $id) { status } }';
    await api(cy.accessToken, follow, { id: (await sessionOf(bea))!.user.id });
    await api(bea, follow, { id: cy.user.id });
    const following = async () =>
      (await api<{ userByHandle: { relationship: { following: boolean } } }>(ann, '{ userByHandle(handle: "cyd") { relationship { following } } }')).userByHandle
        .relationship.following;

    const { page } = ann;
    await page.getByRole('link', { name: 'People' }).click();
    const suggestion = page.getByRole('listitem').filter({ hasText: 'Cy Cole' });
    await suggestion.getByText('1 mutual friend').waitFor();
    await suggestion.getByRole('button', { name: 'Follow Cy Cole' }).click();
    await suggestion.getByRole('button', { name: 'Unfollow Cy Cole' }).waitFor();
    expect(await following()).toBe(true);
    await page.screenshot({ path: path.join(artifacts, 'web-client-desktop-people.png') });
    await suggestion.getByRole('button', { name: 'Unfollow Cy Cole' }).click();
    await suggestion.getByRole('button', { name: 'Follow Cy Cole' }).waitFor();
    expect(await following()).toBe(false);
    // Not followed, so suggested again when People is opened afresh.
    await page.reload();
    await page.getByRole('listitem').filter({ hasText: 'Cy Cole' }).getByRole('button', { name: 'Follow Cy Cole' }).waitFor();
  });

  it("shows the image's blurhash while its derivative loads, and the image once it has", async () => {
    const { page } = ann;
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    // Derivatives wait at a gate the test opens: a slow network, under control.
    const derivatives = /\/media\/[^/?]+\/render\?/;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held: string[] = [];
    await page.route(derivatives, async (route) => {
      held.push(route.request().url());
      await gate;
      // The page may have given up on the request meanwhile (the element was replaced): nothing left to answer.
      await route.continue().catch(() => {});
    });
    try {
      const image = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#264653' } })
        .composite([{ input: Buffer.from('<svg width="400" height="300"><rect x="0" y="200" width="400" height="100" fill="#f4a261"/></svg>') }])
        .jpeg()
        .toBuffer();
      const body = 'Harbour lights at dusk';
      await page.getByLabel('What is happening?').fill(body);
      await page.locator('input[type=file][name=image]').setInputFiles({ name: 'harbour.jpg', mimeType: 'image/jpeg', buffer: image });
      await page.getByRole('button', { name: 'Post', exact: true }).click();
      const post = page.getByRole('article', { name: 'Post by Ann Archer' }).filter({ hasText: body });
      const frame = post.locator('.media');
      await post.getByRole('img', { name: /Image 1 of 1 in Ann Archer's post/ }).waitFor({ state: 'attached' });
      const state = () =>
        frame.evaluate((element) => ({
          loaded: element.getAttribute('data-loaded'),
          background: getComputedStyle(element).backgroundImage,
          imageWidth: element.querySelector('img')!.naturalWidth,
        }));
      await expect.poll(() => held.length).toBeGreaterThan(0);
      expect(await state()).toEqual({ loaded: 'false', background: expect.stringMatching(/^url\("data:image\/png;base64,/), imageWidth: 0 });
      await page.screenshot({ path: path.join(artifacts, 'web-client-desktop-placeholder.png') });
      open();
      await expect.poll(state, { timeout: 15_000 }).toEqual({ loaded: 'true', background: 'none', imageWidth: expect.any(Number) });
      expect((await state()).imageWidth).toBeGreaterThan(0);
    } finally {
      open();
      await page.unroute(derivatives);
    }
  });

  it('works with the keyboard alone: skip link, composer, sections and search; every image has alt text', async () => {
    const { page } = ann;
    await page.goto(`${web.url}#/home`);
    // A fresh load, so the focus starts at the top of the document.
    await page.reload();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await tabTo(page, skip, 1)).toBe(1);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => [location.hash, document.activeElement?.id])).toEqual(['#/home', 'main']);
    // From the main content the composer is the next stop.
    expect(await tabTo(page, page.getByLabel('What is happening?'), 1)).toBe(1);
    const body = 'Typed without touching the mouse';
    await page.keyboard.type(body);
    await tabTo(page, page.getByRole('button', { name: 'Post', exact: true }), 3);
    await page.keyboard.press('Enter');
    await page.getByRole('article', { name: 'Post by Ann Archer' }).filter({ hasText: body }).waitFor();
    expect(await expectAltTextEverywhere(page)).toBeGreaterThan(0);

    await page.reload();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await tabTo(page, page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'People' }), 3);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'People' }).waitFor();
    await tabTo(page, page.getByLabel('Find someone by handle'), 6);
    await page.keyboard.type('bea');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Bea Brook' }).waitFor();
    // Bea's avatar, at least.
    expect(await expectAltTextEverywhere(page)).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifacts, 'web-client-desktop-profile.png') });
  });

  it('Cy makes his account private: Ann requests, cancels and requests again; on his phone Cy approves her and declines Dee', async () => {
    cy = await open('cyd', 'Cy Cole', { width: 390, height: 844 }, true);
    await cy.page.getByLabel('Handle or email').fill('cyd');
    await cy.page.getByLabel('Password').fill(password);
    await cy.page.getByRole('button', { name: 'Log in' }).click();
    await cy.page.getByRole('heading', { name: 'Home' }).waitFor();
    await cy.page.getByRole('link', { name: 'Profile' }).click();
    await cy.page.getByLabel('Private account').check();
    await cy.page.getByText('Your account is private.').waitFor();
    expect((await api<{ me: { isPrivate: boolean } }>(cy, '{ me { isPrivate } }')).me.isPrivate).toBe(true);

    const relationTo = async (who: Person | string) =>
      (await api<{ userByHandle: { relationship: { following: boolean; requested: boolean } } }>(who, '{ userByHandle(handle: "cyd") { relationship { following requested } } }'))
        .userByHandle.relationship;
    const requesters = async () =>
      (await api<{ followRequests: { edges: { node: { handle: string } }[] } }>(cy!, '{ followRequests { edges { node { handle } } } }')).followRequests.edges
        .map((edge) => edge.node.handle)
        .sort();

    const { page } = ann;
    await page.goto(`${web.url}#/u/cyd`);
    await page.getByRole('button', { name: 'Follow Cy Cole' }).click();
    const cancel = page.getByRole('button', { name: 'Cancel request to follow Cy Cole' });
    await expect.poll(() => cancel.innerText()).toBe('Requested');
    expect(await relationTo(ann)).toEqual({ following: false, requested: true });
    await cancel.click();
    await page.getByRole('button', { name: 'Follow Cy Cole' }).waitFor();
    expect(await requesters()).toEqual([]);
    await page.getByRole('button', { name: 'Follow Cy Cole' }).click();
    await cancel.waitFor();

    const dee = (
      await api<{ signUp: { accessToken: string } }>(null, 'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }', {
        i: { handle: 'dee', email: 'dee@example.com', displayName: 'Dee Dunn', password },
      })
    ).signUp.accessToken;
    const cyId = (await sessionOf(cy))!.user.id;
    expect(await api(dee, 'mutation($id: ID!) { follow(userId: $id) { status } }', { id: cyId })).toEqual({ follow: { status: 'REQUESTED' } });
    expect(await requesters()).toEqual(['ann', 'dee']);

    await cy.page.getByRole('link', { name: 'People' }).click();
    const requests = cy.page.getByRole('list', { name: 'Follow requests' });
    await expect.poll(() => requests.getByRole('listitem').count()).toBe(2);
    await cy.page.getByLabel('2 waiting').waitFor();
    await expectAltTextEverywhere(cy.page);
    await cy.page.screenshot({ path: path.join(artifacts, 'web-client-phone-requests.png') });
    await requests.getByRole('button', { name: 'Approve Ann Archer' }).click();
    await expect.poll(() => requests.getByRole('listitem').count()).toBe(1);
    await requests.getByRole('button', { name: 'Decline Dee Dunn' }).click();
    await cy.page.getByText('No one is waiting for your approval.').waitFor();

    expect(await requesters()).toEqual([]);
    expect(await relationTo(ann)).toEqual({ following: true, requested: false });
    expect(await relationTo(dee)).toEqual({ following: false, requested: false });
    await page.reload();
    await page.getByRole('button', { name: 'Unfollow Cy Cole' }).waitFor();
  });

  it('Ann starts a group with Bea and Cy; Bea reads it live on her phone, then leaves, and Ann adds her back', async () => {
    const { page } = ann;
    await page.goto(`${web.url}#/chats`);
    await page.getByRole('link', { name: 'New group' }).click();
    await page.getByRole('heading', { name: 'New group' }).waitFor();
    await page.getByLabel('Group name').fill('Weekend plans');
    // Bea from the people Ann follows; Cy by handle.
    await page.getByRole('checkbox', { name: 'Bea Brook' }).check();
    await page.getByLabel('Add a member by handle').fill('@cyd');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.getByRole('checkbox', { name: 'Cy Cole' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('heading', { name: 'Weekend plans' }).waitFor();
    const conversationId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);

    await bea.page.goto(`${web.url}#/chats`);
    await bea.page.getByRole('link', { name: 'Weekend plans' }).click({ timeout: 15_000 });
    await bea.page.getByRole('heading', { name: 'Weekend plans' }).waitFor();
    await page.getByLabel('Message', { exact: true }).fill('Who is in for Saturday?');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => messageTexts(bea.page), { timeout: 10_000 }).toEqual(['Who is in for Saturday?']);

    const members = async (p: Page) => (await p.getByRole('list', { name: 'Group members' }).getByRole('link').allInnerTexts()).sort();
    await bea.page.getByText('3 members').click();
    expect(await members(bea.page)).toEqual(['Ann Archer', 'Bea Brook (you)', 'Cy Cole']);
    expect(await bea.page.getByRole('listitem').filter({ hasText: 'Ann Archer' }).getByText('owner').count()).toBe(1);
    await bea.page.screenshot({ path: path.join(artifacts, 'web-client-phone-group.png') });
    await page.getByText('3 members').click();

    await bea.page.getByRole('button', { name: 'Leave group' }).click();
    await bea.page.getByRole('heading', { name: 'Messages' }).waitFor();
    await expect.poll(() => bea.page.getByRole('link', { name: 'Weekend plans' }).count()).toBe(0);
    // Ann's open group follows the change on its own.
    await expect.poll(() => members(page), { timeout: 15_000 }).toEqual(['Ann Archer (you)', 'Cy Cole']);
    await page.getByText('2 members').waitFor();
    const handles = async () =>
      (await api<{ conversation: { members: { handle: string }[] } }>(ann, 'query($id: ID!) { conversation(id: $id) { members { handle } } }', { id: conversationId }))
        .conversation.members.map((member) => member.handle)
        .sort();
    expect(await handles()).toEqual(['ann', 'cyd']);

    await page.getByLabel('Add a member by handle').fill('bea');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('3 members').waitFor();
    expect(await handles()).toEqual(['ann', 'bea', 'cyd']);
    await expect.poll(() => bea.page.getByRole('link', { name: 'Weekend plans' }).count(), { timeout: 15_000 }).toBe(1);
    await page.screenshot({ path: path.join(artifacts, 'web-client-desktop-group.png') });
  });

  it('sent every HTTP operation of the whole session by manifest id, never as text', () => {
    const posts = everyone().flatMap((person) => person.posts);
    const names = new Set(posts.map((body) => body.operationName));
    // The flows above used these: a check that the list is not vacuously clean.
    for (const name of [
      'SignUp',
      'Login',
      'Logout',
      'RefreshSession',
      'Follow',
      'Unfollow',
      'FollowSuggestions',
      'CreateUpload',
      'CreatePost',
      'HomeTimeline',
      'SendDirectMessage',
      'SendMessage',
      'Sync',
      'UpdateProfile',
      'CancelFollowRequest',
      'FollowRequests',
      'ApproveFollowRequest',
      'DeclineFollowRequest',
      'MyFollowing',
      'CreateGroup',
      'AddGroupMembers',
      'LeaveGroup',
    ]) {
      expect(names, name).toContain(name);
    }
    for (const body of posts) {
      expect(body.query, JSON.stringify(body)).toBeUndefined();
      expect(body.extensions).toMatchObject({ persistedQuery: { version: 1, sha256Hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    }
  });
  it('sent every subscription over graphql-ws by manifest id, never as text', async () => {
    const manifest = JSON.parse(await readFile(webManifestPath, 'utf8')) as { operations: { id: string; name: string; body: string }[] };
    const idByName = new Map(manifest.operations.map((operation) => [operation.name, operation.id]));
    const frames = everyone().flatMap((person) => person.frames);
    const subscribes = frames
      .map((frame) => JSON.parse(frame) as { type: string; payload?: { query?: unknown; operationName?: string; extensions?: unknown } })
      .filter((message) => message.type === 'subscribe');
    // The flows above used these: a check that the list is not vacuously clean.
    const names = new Set(subscribes.map((message) => message.payload?.operationName));
    for (const name of ['InboxUpdated', 'MessageAdded', 'Typing', 'PresenceChanged']) expect(names, name).toContain(name);
    for (const { payload } of subscribes) {
      expect(payload?.query, JSON.stringify(payload)).toBe('');
      expect(payload?.extensions).toEqual({ persistedQuery: { version: 1, sha256Hash: idByName.get(payload!.operationName!) } });
    }
    for (const frame of frames) {
      expect(frame).not.toMatch(/\b(subscription|query|mutation)\s+[A-Za-z_]\w*\s*[({]/);
      for (const operation of manifest.operations) expect(frame).not.toContain(operation.body);
    }
    expect(everyone().flatMap((person) => person.errors)).toEqual([]);
  });
});
