import { Supergraph, operationFromDocument, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { buildOperationContext } from '@apollo/gateway';

type OperationContext = ReturnType<typeof buildOperationContext>;
import type { DocumentNode, GraphQLSchema } from 'graphql';

/** The subgraph fetch that stands for "the event as it arrived", swapped in for the primary fetch. */
export const eventServiceName = '__subscription_event__';

export interface SubscriptionPlan {
  /** The subgraph that owns the subscription field, and what to subscribe to there. */
  primary: FetchNode;
  /** Run once per event: the event (as the primary fetch's result) then the entity fetches of `rest`. */
  perEvent: QueryPlan;
  operationContext: OperationContext;
}

/**
 * Plans subscriptions with the gateway's own query planner: it splits a
 * subscription into the primary fetch on the owning subgraph and the rest,
 * which are ordinary entity fetches. Plans are cached by document.
 */
export class SubscriptionPlanner {
  readonly apiSchema: Schema;
  readonly apiGraphQLSchema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  private readonly planner: QueryPlanner;
  private readonly cache = new Map<string, SubscriptionPlan>();

  constructor(supergraphSdl: string, private readonly maxCached = 500) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.apiSchema = supergraph.apiSchema();
    this.apiGraphQLSchema = this.apiSchema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
  }

  plan(document: DocumentNode, cacheKey: string, operationName: string | undefined): SubscriptionPlan {
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const operation = operationFromDocument(this.apiSchema, document, { operationName });
    const node = this.planner.buildQueryPlan(operation).node;
    if (node?.kind !== 'Subscription') throw new Error('not a subscription');
    const primaryAsEvent: FetchNode = { ...node.primary, serviceName: eventServiceName };
    const nodes: PlanNode[] = node.rest ? [primaryAsEvent, node.rest] : [primaryAsEvent];
    const plan: SubscriptionPlan = {
      primary: node.primary,
      perEvent: { kind: 'QueryPlan', node: { kind: 'Sequence', nodes } },
      operationContext: buildOperationContext({ schema: this.apiGraphQLSchema, operationDocument: document, operationName }),
    };
    if (this.cache.size >= this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(cacheKey, plan);
    return plan;
  }
}
