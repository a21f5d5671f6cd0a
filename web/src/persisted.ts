import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import manifest from '../../schema/web-operations.json';

/**
 * Production sends operations by manifest id only (schema/web-operations.json,
 * which the gateway registers at start); development sends their text.
 */
const idByName = new Map(manifest.operations.map((operation) => [operation.name, operation.id]));

export function operationName(document: DocumentNode): string {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const name = operation?.name?.value;
  if (!name) throw new Error('every operation of the web client is named');
  return name;
}

export function manifestIdOf(name: string): string {
  const id = idByName.get(name);
  if (!id) throw new Error(`${name} is not in schema/web-operations.json: run \`npm run codegen\``);
  return id;
}

export function manifestId(document: DocumentNode): string {
  return manifestIdOf(operationName(document));
}

/** The request body for one operation, minus its variables. */
export function operationBody(document: DocumentNode, print: (document: DocumentNode) => string): Record<string, unknown> {
  const operationNameValue = operationName(document);
  if (import.meta.env.PROD) {
    return { operationName: operationNameValue, extensions: { persistedQuery: { version: 1, sha256Hash: manifestId(document) } } };
  }
  return { operationName: operationNameValue, query: print(document) };
}
