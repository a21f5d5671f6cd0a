// The gateway writes these into the page as JSON (not as script), so the page
// needs no inline script and the bundle is the same for every gateway.
export interface PageSettings {
  /** The GraphQL endpoint, relative to the page. */
  endpoint: string;
  /** Where this bundle's files (workers included) are served, ending in "/". */
  assets: string;
}

function read(): PageSettings {
  const element = document.getElementById('graphiql-settings');
  if (!element?.textContent) throw new Error('the page has no #graphiql-settings');
  return JSON.parse(element.textContent) as PageSettings;
}

const settings = read();

export const pageSettings = {
  httpUrl: new URL(settings.endpoint, location.href).href,
  // graphql-ws on the same path as HTTP: ws:// beside http://, wss:// beside https://.
  subscriptionUrl: (() => {
    const url = new URL(settings.endpoint, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.href;
  })(),
  assetsUrl: new URL(settings.assets, location.href).href,
};
