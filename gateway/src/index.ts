export { startGateway, createApolloGateway, type GatewayOptions } from './gateway-server.ts';
export { composeSupergraph, type CompositionOutcome } from './compose.ts';
