import { executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { GatewayContext } from '../context.ts';
import { eventServiceName, type SubscriptionPlan, type SubscriptionPlanner } from './subscription-planner.ts';

/**
 * Resolves one subscription event like a query: the event stands in for
 * the primary fetch's answer, and the rest of the plan fetches the entities
 * it references from the other subgraphs through the usual data sources.
 */
export function executeEvent(options: {
  planner: SubscriptionPlanner;
  plan: SubscriptionPlan;
  services: ServiceMap;
  event: Record<string, unknown>;
  context: GatewayContext;
  query: string;
  variables: Record<string, unknown>;
  operationName: string | undefined;
}): Promise<GatewayExecutionResult> {
  const { planner, plan, event, context } = options;
  const eventSource: GraphQLDataSource = { process: async () => ({ data: event }) };
  const requestContext = {
    request: { query: options.query, variables: options.variables, operationName: options.operationName },
    // The data sources look at the operation's type (only a query's fetches are shared).
    operation: plan.operationContext.operation,
    context,
    logger: context.logger,
    metrics: {},
    cache: undefined,
    overallCachePolicy: undefined,
  } as unknown as GatewayGraphQLRequestContext;
  return executeQueryPlan(
    plan.perEvent,
    { ...options.services, [eventServiceName]: eventSource },
    requestContext,
    plan.operationContext,
    planner.supergraphSchema,
    planner.apiSchema,
  );
}
