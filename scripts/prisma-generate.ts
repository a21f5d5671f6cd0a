// Generates Prisma Client into runtime/src/generated/prisma without any
// download: the CLI wants a schema-engine binary path to exist, not to run.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '@chorus/runtime/catalog';

const prismaCli = path.join(repoRoot, 'node_modules', 'prisma', 'build', 'index.js');
const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: path.join(repoRoot, 'scripts', 'no-schema-engine.sh'),
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
