import type express from 'express';

/**
 * `/healthz` says the process is alive; `/readyz` says its stores answer, so a
 * load balancer stops sending traffic to an instance whose database is gone.
 */
export function mountHealth(app: express.Express, checkReady: () => Promise<void>): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await checkReady();
      res.json({ status: 'ready' });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', reason: error instanceof Error ? error.message : String(error) });
    }
  });
}
