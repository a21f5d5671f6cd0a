/** Where the browser fetches one bundle's files; the key makes every URL immutable. */
export function assetsPath(key: string): string {
  return `/graphiql/${key}/`;
}

/**
 * Everything the page loads comes from the gateway, and the policy says so:
 * a browser refuses any script, style, font, worker or connection from
 * elsewhere, so "offline" is enforced, not just intended. Monaco and React
 * set inline styles, hence 'unsafe-inline' for styles only.
 */
export const pageContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** JSON inside <script type="application/json"> must not be able to close the element. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * The GraphiQL page: the settings as data, then the bundled script and
 * styles. The empty icon keeps the browser from asking for /favicon.ico.
 */
export function renderPage({ key, endpoint }: { key: string; endpoint: string }): string {
  const assets = assetsPath(key);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chorus GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assets}graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
<script id="graphiql-settings" type="application/json">${scriptSafeJson({ endpoint, assets })}</script>
<script src="${assets}graphiql.js" defer></script>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
</body>
</html>
`;
}
