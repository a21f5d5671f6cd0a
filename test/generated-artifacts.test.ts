import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '@graphql-codegen/cli';
import { loadContext } from '@graphql-codegen/cli';
import { repoRoot, supergraphPath } from '@chorus/runtime';
import { diffMigrationsToSchema } from '@chorus/runtime/db/migrations';
import { composeSupergraph } from '@chorus/gateway/compose';
import { buildPublicManifest, publicManifestPath } from '@chorus/gateway/public-api/manifest';
import { buildWebManifest, webManifestPath } from '@chorus/gateway/web-operations';

// Everything generated from a source of truth is committed; these fail when
// someone changes the source and forgets to regenerate.
describe('generated artefacts', () => {
  it('composes the subgraphs without errors into the committed supergraph', () => {
    const outcome = composeSupergraph();
    if (!outcome.ok) expect.fail(`composition failed:\n${outcome.errors.join('\n')}`);
    expect(outcome.supergraphSdl, 'schema/supergraph.graphql is stale: run `npm run compose`').toBe(
      readFileSync(supergraphPath, 'utf8'),
    );
  });

  it('has resolver types and the web client\'s typed operations generated from the current schemas and documents', async () => {
    const context = await loadContext(path.join(repoRoot, 'codegen.yml'));
    context.cwd = repoRoot;
    const outputs = await generate(context, false);
    // Five subgraphs' resolver types, and the client preset's files for web/src/gql/.
    const files: string[] = outputs.map((output: { filename: string }) => path.relative(repoRoot, path.resolve(repoRoot, output.filename))).sort();
    expect(files.filter((file) => file.startsWith('subgraphs/'))).toHaveLength(5);
    expect(files.filter((file) => file.startsWith('web/src/gql/'))).toEqual(
      ['gql.ts', 'graphql.ts', 'index.ts', 'persisted-documents.json'].map((name) => `web/src/gql/${name}`),
    );
    for (const output of outputs) {
      const committed = readFileSync(path.resolve(repoRoot, output.filename), 'utf8');
      expect(committed, `${output.filename} is stale: run \`npm run codegen\``).toBe(output.content);
    }
  });

  it('has a public-operations manifest built from the current documents', () => {
    expect(readFileSync(publicManifestPath, 'utf8'), 'run `npm run codegen`').toBe(`${JSON.stringify(buildPublicManifest(), null, 2)}\n`);
  });

  it('has a web-operations manifest built from the web client\'s current documents', () => {
    expect(readFileSync(webManifestPath, 'utf8'), 'run `npm run codegen`').toBe(`${JSON.stringify(buildWebManifest(), null, 2)}\n`);
  });

  it('has migrations that build exactly prisma/schema.prisma', async () => {
    expect(await diffMigrationsToSchema(), 'run `npm run db:migration:new -- <name>`').toBe('');
  });
});
