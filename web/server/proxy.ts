import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';

// Hop-by-hop headers belong to one connection and must not be forwarded.
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

/**
 * Forwards one HTTP request to `target` (an origin) unchanged, streaming both
 * bodies, so the browser talks to a single origin and needs no CORS.
 */
export function forward(req: http.IncomingMessage, res: http.ServerResponse, target: URL): void {
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !hopByHop.has(name)));
  const upstream = http.request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...headers, host: target.host } },
    (answer) => {
      const back = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !hopByHop.has(name)));
      res.writeHead(answer.statusCode ?? 502, back);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('upstream unavailable');
  });
  req.pipe(upstream);
}

/** Tunnels a WebSocket upgrade (graphql-ws) to `target`: the raw bytes both ways once the head is replayed. */
export function tunnel(req: http.IncomingMessage, socket: Duplex, head: Buffer, target: URL): void {
  const upstream = net.connect(Number(target.port), target.hostname, () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!;
      lines.push(`${name}: ${name.toLowerCase() === 'host' ? target.host : req.rawHeaders[i + 1]}`);
    }
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) upstream.write(head);
    socket.pipe(upstream).pipe(socket);
  });
  const close = () => {
    socket.destroy();
    upstream.destroy();
  };
  upstream.on('error', close);
  socket.on('error', close);
  upstream.on('close', close);
  socket.on('close', close);
}
