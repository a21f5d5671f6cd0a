import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { listen } from '@chorus/runtime';
import { distDir, ensureWebBuild } from './build.ts';
import { forward, tunnel } from './proxy.ts';

export interface WebServerOptions {
  host: string;
  port: number;
  /** The gateway's origin: /graphql (HTTP and graphql-ws) is forwarded there. */
  gatewayOrigin: string;
  /** The media service's origin: /uploads/ is forwarded there, so the browser's PUT is same-origin. */
  mediaOrigin: string;
  log?: (message: string) => void;
}

/** CHORUS_WEB_PORT, 3000 by default. */
export function webPortFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const port = Number(env.CHORUS_WEB_PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`CHORUS_WEB_PORT is not a port: "${env.CHORUS_WEB_PORT}"`);
  return port;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

async function fileIn(dir: string, urlPath: string): Promise<string | undefined> {
  const file = path.join(dir, path.normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, ''));
  if (!file.startsWith(dir + path.sep)) return undefined;
  try {
    return (await stat(file)).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves the production web client and, on the same origin, the API it
 * talks to. Builds the client first when web/dist is missing or stale.
 */
export async function startWebServer(options: WebServerOptions): Promise<{ url: string; stop(): Promise<void> }> {
  await ensureWebBuild(options.log);
  const gateway = new URL(options.gatewayOrigin);
  const media = new URL(options.mediaOrigin);
  const server = http.createServer(async (req, res) => {
    const urlPath = (req.url ?? '/').split('?')[0]!;
    if (urlPath === '/graphql') return forward(req, res, gateway);
    if (urlPath.startsWith('/uploads/')) return forward(req, res, media);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    // Routes live after the '#', so every other path is a file or the app itself.
    const file = (urlPath !== '/' && (await fileIn(distDir, urlPath))) || path.join(distDir, 'index.html');
    const hashed = file.includes(`${path.sep}assets${path.sep}`);
    res.writeHead(200, {
      'content-type': types[path.extname(file)] ?? 'application/octet-stream',
      // Vite names assets by their content; index.html must be revalidated to pick up a new build.
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  });
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').split('?')[0] === '/graphql') tunnel(req, socket, head, gateway);
    else socket.destroy();
  });
  const port = await listen(server, options.host, options.port);
  const url = `http://${options.host}:${port}/`;
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
