import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { identityHeader, RequestHeader, signInternalIdentity, type Config, type Identity } from '@chorus/runtime';
import { connect } from '../../test/support/ws-client.ts';
import type { Member } from './seed.ts';

export type Path = 'gateway' | 'direct';

/**
 * Where subscribers connect and senders send: the gateway as a client
 * would, or the chat subgraph itself with the signed identity the gateway
 * would have attached (the subgraph accepts nothing else).
 */
export interface Endpoint {
  path: Path;
  /** A graphql-ws client acting as `member`; `onConnected` fires once the server acknowledged it. */
  client(member: Member, onConnected: () => void): Client;
  /** Extensions each subscribe payload carries. */
  extensions(member: Member): Record<string, unknown> | undefined;
  /** sendMessage as `member`; returns the message's seq. */
  send(member: Member, conversationId: string, body: string): Promise<number>;
}

const sendMutation = `mutation($c: ID!, $b: String!, $id: String!) {
  sendMessage(input: { conversationId: $c, body: $b, clientMessageId: $id }) { seq } }`;

async function post(url: string, headers: () => Record<string, string>, variables: Record<string, unknown>): Promise<number> {
  // A client message id makes the send idempotent, so a request lost to a reset keep-alive socket is simply sent again.
  const body = JSON.stringify({ query: sendMutation, variables: { ...variables, id: randomUUID() } });
  let response: Response;
  for (let attempt = 1; ; attempt++) {
    try {
      response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers() }, body });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  const result = (await response.json()) as { data?: { sendMessage?: { seq: number } }; errors?: unknown };
  const seq = result.data?.sendMessage?.seq;
  if (result.errors !== undefined || seq === undefined) throw new Error(`sendMessage failed: ${JSON.stringify(result)}`);
  return seq;
}

export function gatewayEndpoint(gatewayUrl: string): Endpoint {
  return {
    path: 'gateway',
    client: (member, onConnected) => {
      const client = connect(gatewayUrl, member.token);
      client.on('connected', onConnected);
      return client;
    },
    extensions: () => undefined,
    send: (member, c, b) => post(gatewayUrl, () => ({ authorization: `Bearer ${member.token}` }), { c, b }),
  };
}

export function directEndpoint(chatUrl: string, config: Config): Endpoint {
  const identity = (member: Member): Identity => ({ userId: member.id, sessionId: null, clientIp: '127.0.0.1' });
  const signed = (member: Member) => {
    const requestId = `bench-${randomUUID()}`;
    return { identity: signInternalIdentity(identity(member), requestId, config.secrets.internalSecret, config.internalTokenTtlSeconds), requestId };
  };
  return {
    path: 'direct',
    client: (member, onConnected) =>
      createClient({
        url: chatUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: () => signed(member),
        retryAttempts: 0,
        lazy: true,
        on: { connected: onConnected },
      }),
    extensions: signed,
    send: (member, c, b) =>
      post(chatUrl, () => {
        const { identity: header, requestId } = signed(member);
        return { [identityHeader]: header, [RequestHeader.requestId]: requestId };
      }, { c, b }),
  };
}
