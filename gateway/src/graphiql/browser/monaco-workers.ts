// Monaco (GraphiQL 5's editor) runs language services in web workers and asks
// MonacoEnvironment for them. GraphiQL's ready-made setups import the workers
// from esm.sh or rely on Vite/webpack worker syntax; here they are bundled by
// the gateway next to this script and loaded from it, so nothing leaves the
// gateway's origin.
import { pageSettings } from './page-settings.ts';

const workerFiles: Record<string, string> = {
  json: 'json.worker.js',
  graphql: 'graphql.worker.js',
};

(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return new Worker(new URL(workerFiles[label] ?? 'editor.worker.js', pageSettings.assetsUrl));
  },
};
