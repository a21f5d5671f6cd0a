import {
  Kind,
  Lexer,
  Source,
  TokenKind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

import type { OperationLimits } from '@chorus/runtime';

export const LimitCode = {
  QueryTooLarge: 'QUERY_TOO_LARGE',
  TooManyTokens: 'TOO_MANY_TOKENS',
  TooDeep: 'QUERY_TOO_DEEP',
  TooManyAliases: 'TOO_MANY_ALIASES',
  TooManyRootFields: 'TOO_MANY_ROOT_FIELDS',
  TooCostly: 'QUERY_TOO_COSTLY',
  BatchTooLarge: 'BATCH_TOO_LARGE',
  VariablesTooLarge: 'VARIABLES_TOO_LARGE',
} as const;

export class LimitExceeded extends Error {
  constructor(
    readonly code: (typeof LimitCode)[keyof typeof LimitCode],
    message: string,
  ) {
    super(message);
  }
}

/** Counts tokens with the lexer alone, stopping at the limit: no parse, no validation. */
function countTokens(query: string, max: number): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) if (++count > max) return count;
  } catch {
    return count; // a syntax error: Apollo Server reports it properly later
  }
  return count;
}

/** The page size a list field asks for: its `first`/`last` argument, literal or variable. */
function pageSize(args: readonly { name: { value: string }; value: ValueNode }[] | undefined, variables: Record<string, unknown>): number {
  for (const arg of args ?? []) {
    if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
    if (arg.value.kind === Kind.INT) return Number(arg.value.value);
    if (arg.value.kind === Kind.VARIABLE) {
      const value = variables[arg.value.name.value];
      if (typeof value === 'number') return value;
    }
    return 20; // the schema's default page size
  }
  return 1;
}

interface Walk {
  depth: number;
  aliases: number;
  cost: number;
}

function walk(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  depth: number,
  multiplier: number,
  visiting: Set<string>,
  totals: Walk,
  limits: OperationLimits,
): void {
  totals.depth = Math.max(totals.depth, depth);
  if (totals.depth > limits.maxDepth) throw new LimitExceeded(LimitCode.TooDeep, `Queries may be at most ${limits.maxDepth} levels deep.`);
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.alias) totals.aliases++;
      if (totals.aliases > limits.maxAliases) throw new LimitExceeded(LimitCode.TooManyAliases, `Queries may use at most ${limits.maxAliases} aliases.`);
      totals.cost += multiplier;
      if (totals.cost > limits.maxCost) {
        throw new LimitExceeded(LimitCode.TooCostly, `This query could touch more than ${limits.maxCost} items; ask for smaller pages.`);
      }
      if (selection.selectionSet) {
        const size = pageSize(selection.arguments, variables);
        walk(selection.selectionSet, fragments, variables, depth + 1, multiplier * Math.max(1, size), visiting, totals, limits);
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      walk(selection.selectionSet, fragments, variables, depth, multiplier, visiting, totals, limits);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // A fragment that spreads itself is invalid; validation will say so, here it just stops.
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      walk(fragment.selectionSet, fragments, variables, depth, multiplier, visiting, totals, limits);
      visiting.delete(name);
    }
  }
}

function operationOf(document: DocumentNode, operationName: unknown): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (typeof operationName === 'string') return operations.find((operation) => operation.name?.value === operationName);
  return operations[0];
}

/**
 * Documents that passed the size and token checks, by text: clients send the
 * same few operations over and over, and lexing and parsing each one again
 * was most of what the limits cost per request. Bounded; oldest out first.
 */
const parsedDocuments = new Map<string, DocumentNode>();
const maxParsedDocuments = 1000;

function parsedWithinLimits(query: string, limits: OperationLimits): DocumentNode | undefined {
  // The limits are part of the key: a document is only known to pass the limits it was checked against.
  const key = `${limits.maxQueryBytes}:${limits.maxTokens}:${query}`;
  const cached = parsedDocuments.get(key);
  if (cached !== undefined) return cached;
  if (Buffer.byteLength(query) > limits.maxQueryBytes) {
    throw new LimitExceeded(LimitCode.QueryTooLarge, `Queries may be at most ${limits.maxQueryBytes} bytes.`);
  }
  if (countTokens(query, limits.maxTokens) > limits.maxTokens) {
    throw new LimitExceeded(LimitCode.TooManyTokens, `Queries may have at most ${limits.maxTokens} tokens.`);
  }
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens });
  } catch {
    return undefined; // malformed: left for Apollo Server to report
  }
  if (parsedDocuments.size >= maxParsedDocuments) parsedDocuments.delete(parsedDocuments.keys().next().value!);
  parsedDocuments.set(key, document);
  return document;
}

export interface GraphQLRequestBody {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

/**
 * Checks one request against the limits before anything else happens to it:
 * cheap checks first (size, tokens), then one walk of the parsed operation
 * (depth, aliases, root fields, cost). Malformed documents are left for
 * Apollo Server to report.
 */
/** Returns the parsed document when there is one that parses, so a caller need not parse it again. */
export function checkOperation(body: GraphQLRequestBody, limits: OperationLimits): DocumentNode | undefined {
  const variables = body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : {};
  if (body.variables !== undefined && JSON.stringify(body.variables).length > limits.maxVariablesBytes) {
    throw new LimitExceeded(LimitCode.VariablesTooLarge, `Variables may be at most ${limits.maxVariablesBytes} bytes.`);
  }
  if (typeof body.query !== 'string') return undefined; // a persisted query by hash: checked when it was registered
  const document = parsedWithinLimits(body.query, limits);
  if (document === undefined) return undefined;
  const operation = operationOf(document, body.operationName);
  if (!operation) return document;
  const rootFields = operation.selectionSet.selections.length;
  if (rootFields > limits.maxRootFields) {
    throw new LimitExceeded(LimitCode.TooManyRootFields, `Operations may have at most ${limits.maxRootFields} root fields.`);
  }
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  walk(operation.selectionSet, fragments, variables, 1, 1, new Set(), { depth: 0, aliases: 0, cost: 0 }, limits);
  return document;
}

/** A batch is an array of operations: its size is limited, then each operation is. */
export function checkRequest(body: unknown, limits: OperationLimits): void {
  if (Array.isArray(body)) {
    if (body.length > limits.maxBatch) throw new LimitExceeded(LimitCode.BatchTooLarge, `Batches may hold at most ${limits.maxBatch} operations.`);
    for (const operation of body) checkOperation((operation ?? {}) as GraphQLRequestBody, limits);
    return;
  }
  if (body && typeof body === 'object') checkOperation(body as GraphQLRequestBody, limits);
}
