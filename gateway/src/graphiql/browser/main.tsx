// The GraphiQL page the gateway serves at /graphql. Bundled by the gateway
// (../bundle.ts) together with React, Monaco and its workers, so it works
// with no network beyond the gateway itself.
import './monaco-workers.ts';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';
import { pageSettings } from './page-settings.ts';

const fetcher = createGraphiQLFetcher({
  url: pageSettings.httpUrl,
  // Subscriptions go over graphql-ws on the same path; the headers from the
  // headers editor travel as its connection parameters.
  subscriptionUrl: pageSettings.subscriptionUrl,
  // The gateway never streams @defer/@stream parts, so plain JSON requests suffice.
  enableIncrementalDelivery: false,
});

const defaultQuery = `# Chorus GraphiQL: Ctrl-Enter (or the run button) sends the operation.
#
# To act as a user, log in (mutation { login(input: {...}) { accessToken } }) and
# put the token in the Headers tab below:
#   { "Authorization": "Bearer <accessToken>" }

{
  recentPosts(first: 3) {
    edges { node { body author { handle } } }
  }
}
`;

const root = document.getElementById('graphiql');
if (!root) throw new Error('the page has no #graphiql element');
createRoot(root).render(<GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} isHeadersEditorEnabled />);
