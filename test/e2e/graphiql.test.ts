import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createPrisma, loadConfig, repoRoot, subgraphNames, type PrismaClient, type RunningServer } from '@chorus/runtime';
import { startGateway } from '@chorus/gateway';
import { chromiumPath } from '../../scripts/ensure-browser.ts';
import { freePort } from '../support/free-port.ts';
import { testSecrets } from '../support/secrets.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

/** What a browser's address bar sends. */
const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const screenshotPath = path.join(repoRoot, 'test', 'artifacts', 'graphiql.png');

// No network beyond the gateway: these flags stop Chromium's own calls home.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const signUp = `mutation($h: String!, $e: String!, $n: String!, $p: String!) {
  signUp(input: { handle: $h, email: $e, displayName: $n, password: $p }) { accessToken } }`;
const postBody = 'Hello from Chorus, seen through GraphiQL';

function getHtml(url: string): Promise<Response> {
  return fetch(url, { headers: { accept: browserAccept } });
}

describe('GraphiQL served by the gateway (CHORUS_GRAPHIQL defaults to on)', () => {
  let system: TestSystem;
  let ginaToken: string;

  beforeAll(async () => {
    system = await startTestSystem();
    const joined = await system.query(signUp, { h: 'gina', e: 'gina@example.com', n: 'Gina', p: 'correct horse battery staple' });
    expect(joined.errors).toBeUndefined();
    const { accessToken } = (joined.data as { signUp: { accessToken: string } }).signUp;
    ginaToken = accessToken;
    const posted = await system.query(`mutation($b: String!) { createPost(input: { body: $b }) { id } }`, { b: postBody }, accessToken);
    expect(posted.errors).toBeUndefined();
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('answers a browser with a page whose every asset the gateway itself serves', async () => {
    const page = await getHtml(system.gatewayUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('<div id="graphiql">');
    // Nothing absolute: no CDN, no other host.
    expect(html).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!).filter((url) => !url.startsWith('data:'));
    expect(assets.sort()).toEqual([expect.stringMatching(/^\/graphiql\/[0-9a-f]+\/graphiql\.css$/), expect.stringMatching(/\/graphiql\.js$/)]);
    for (const asset of assets) {
      const response = await fetch(new URL(asset, system.gatewayUrl));
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('content-type'), asset).toMatch(asset.endsWith('.js') ? /javascript/ : /^text\/css/);
      expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(10_000);
    }
    expect((await fetch(new URL('/graphiql/0000000000000000/graphiql.js', system.gatewayUrl))).status).toBe(404);
  });

  it('leaves GraphQL clients alone: POST, and GET asking for JSON', async () => {
    const posted = await system.query('{ recentPosts(first: 3) { edges { node { body } } } }');
    expect(posted.errors).toBeUndefined();
    expect(JSON.stringify(posted.data)).toContain(postBody);
    const url = new URL(system.gatewayUrl);
    url.searchParams.set('query', '{ recentPosts(first: 1) { edges { node { body } } } }');
    const got = await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(got.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.stringify(await got.json())).toContain(postBody);
  });

  describe('in headless Chromium', () => {
    let context: BrowserContext;
    let page: Page;
    let userDataDir: string;
    const requests: string[] = [];
    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    const authorizationHeaders: (string | undefined)[] = [];

    beforeAll(async () => {
      // A fresh profile each run: nothing cached or remembered from an earlier one.
      userDataDir = await mkdtemp(path.join(os.tmpdir(), 'chorus-chromium-'));
      context = await chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath, headless: true, args: chromiumArgs });
      // On the context, so requests from Monaco's workers count too.
      context.on('request', (request) => {
        requests.push(request.url());
        if (request.method() === 'POST') authorizationHeaders.push(request.headers().authorization);
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.on('websocket', (socket) => requests.push(socket.url()));
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await page.goto(system.gatewayUrl);
      await page.locator('.graphiql-container').waitFor();
      await page.locator('.graphiql-editors .graphiql-editor[data-mode-id="graphql"] .view-lines').waitFor();
    });
    afterAll(async () => {
      await context?.close();
      if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    });

    /** Replaces an editor's whole text as if typed (Monaco ignores programmatic `fill`). */
    async function replaceText(editor: string, text: string): Promise<void> {
      await page.locator(`${editor} .view-lines`).click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(text);
    }

    const queryEditor = '.graphiql-editors .graphiql-editor[data-mode-id="graphql"]';

    /**
     * Types an operation into the query editor and waits until GraphiQL has
     * taken it in. GraphiQL parses the editor 100 ms after the last change
     * (debounced) and picks HTTP or graphql-ws by that parse: run sooner, and
     * a subscription goes out over HTTP as the query before it did. The same
     * debounced step saves the text under `graphiql:query`, so that is the sign.
     */
    async function typeOperation(text: string): Promise<void> {
      await replaceText(queryEditor, text);
      await expect.poll(() => page.evaluate(() => localStorage.getItem('graphiql:query'))).toBe(text);
    }
    // The result pane wraps long lines; compare its text with whitespace collapsed.
    const responseText = async () => (await page.locator('.graphiql-response').innerText()).replace(/\s+/g, ' ');

    it('runs a typed query with Ctrl-Enter and shows the result, loading nothing from any other host', async () => {
      await typeOperation('{ recentPosts(first: 3) { edges { node { body author { handle } } } } }');
      // Prettify runs Prettier, which GraphiQL imports on demand: the bundle must hold it too.
      await page.locator('.graphiql-toolbar button[aria-label^="Prettify"]').click();
      const queryText = async () => (await page.locator(`${queryEditor} .view-lines`).innerText()).replace(/\u00a0/g, ' ');
      await expect.poll(queryText).toContain('{\n  recentPosts(first: 3) {\n    edges {\n      node {');
      await page.locator(`${queryEditor} .view-lines`).click();
      await page.keyboard.press('ControlOrMeta+Enter');
      await expect.poll(responseText, { timeout: 15_000 }).toContain(postBody);
      expect(await responseText()).toContain('"handle": "gina"');
      await mkdir(path.dirname(screenshotPath), { recursive: true });
      await page.screenshot({ path: screenshotPath });
      console.log(`GraphiQL screenshot: ${screenshotPath}`);

      const origin = new URL(system.gatewayUrl).origin;
      const elsewhere = requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
      expect(elsewhere).toEqual([]);
      // The page, its script and styles, and at least one Monaco worker, all from the gateway.
      expect(requests.some((url) => url.endsWith('/graphiql.js'))).toBe(true);
      expect(requests.some((url) => /\.worker\.js$/.test(url))).toBe(true);
      expect(pageErrors).toEqual([]);
      expect(consoleErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    });

    it('sends the headers typed into the headers editor', async () => {
      await page.locator('.graphiql-editor-tools button[data-name="headers"]').click();
      const headersEditor = '.graphiql-editors .graphiql-editor[data-mode-id="json"]:not(.hidden)';
      await replaceText(headersEditor, '{ "Authorization": "Bearer x" }');
      await page.locator('.graphiql-execute-button').click();
      await expect.poll(responseText, { timeout: 15_000 }).toContain('UNAUTHENTICATED');
      expect(await responseText()).not.toContain(postBody);
      expect(authorizationHeaders.at(-1)).toBe('Bearer x');
      expect(pageErrors).toEqual([]);
    });

    it('runs a subscription over the gateway\'s graphql-ws, with the headers as connection parameters', async () => {
      const joined = await system.query(signUp, { h: 'hal', e: 'hal@example.com', n: 'Hal', p: 'correct horse battery staple' });
      const hal = (joined.data as { signUp: { accessToken: string; user?: unknown } }).signUp.accessToken;
      const halId = (await system.query('{ me { id } }', {}, hal)).data as { me: { id: string } };
      const sent = await system.query(
        `mutation($to: ID!) { sendDirectMessage(input: { toUserId: $to, body: "hi hal" }) { conversation { id } } }`,
        { to: halId.me.id },
        ginaToken,
      );
      const conversationId = (sent.data as { sendDirectMessage: { conversation: { id: string } } }).sendDirectMessage.conversation.id;
      const headersEditor = '.graphiql-editors .graphiql-editor[data-mode-id="json"]:not(.hidden)';
      await replaceText(headersEditor, `{ "Authorization": "Bearer ${ginaToken}" }`);
      await typeOperation(`subscription { messageAdded(conversationId: "${conversationId}") { body sender { handle } } }`);
      const posts = authorizationHeaders.length;
      await page.locator('.graphiql-execute-button').click();
      // Give the subscription a moment to reach the chat subgraph, then Hal answers.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const reply = await system.query(
        `mutation($c: ID!) { sendMessage(input: { conversationId: $c, body: "live from hal" }) { seq } }`,
        { c: conversationId },
        hal,
      );
      expect(reply.errors).toBeUndefined();
      await expect.poll(responseText, { timeout: 15_000 }).toContain('live from hal');
      expect(await responseText()).toContain('"handle": "hal"');
      // It went over the socket, not as an HTTP POST.
      expect(authorizationHeaders.length).toBe(posts);
      expect(requests.some((url) => url.startsWith('ws://') && url.endsWith('/graphql'))).toBe(true);
      expect(pageErrors).toEqual([]);
    });
  });

  describe('with CHORUS_GRAPHIQL=off', () => {
    // The real gateway in this process, configured off, in front of the system's subgraphs.
    let gateway: RunningServer;
    let prisma: PrismaClient;

    beforeAll(async () => {
      const subgraphUrls = Object.fromEntries(
        subgraphNames.map((name) => [`CHORUS_${name.toUpperCase()}_URL`, `${system.baseUrl(name)}/graphql`]),
      );
      const config = loadConfig({
        ...testSecrets,
        ...subgraphUrls,
        CHORUS_GATEWAY_PORT: String(await freePort()),
        CHORUS_GRAPHIQL: 'off',
      });
      expect(config.graphiql).toBe(false);
      prisma = createPrisma(system.databaseUrl, { maxConnections: 2 });
      gateway = await startGateway({ config, logger: createLogger('gateway-graphiql-off', 'silent'), prisma });
    });
    afterAll(async () => {
      await gateway?.stop();
      await prisma?.$disconnect();
    });

    it('serves no GraphiQL and no Apollo landing page to a browser', async () => {
      const page = await getHtml(gateway.url);
      expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
      const body = await page.text();
      expect(body).not.toMatch(/graphiql/i);
      expect(body).not.toMatch(/<html|<script|sandbox|https?:\/\//i);
      expect(page.status).toBe(400);
      expect((await fetch(new URL('/graphiql/0000000000000000/graphiql.js', gateway.url))).status).toBe(404);
    });

    it('still answers POSTed queries', async () => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ recentPosts(first: 3) { edges { node { body } } } }' }),
      });
      expect(response.status).toBe(200);
      expect(JSON.stringify(await response.json())).toContain(postBody);
    });
  });
});
