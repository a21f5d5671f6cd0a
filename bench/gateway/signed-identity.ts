import { randomUUID } from 'node:crypto';
import { anonymous, identityHeader, RequestHeader, signInternalIdentity, type Config } from '@chorus/runtime';

/**
 * Stock Apollo and Hive have no Chorus sign-in, so the bench names the
 * caller in this header and they sign it as is. Bench-only: anyone who can
 * set it is whoever they say, which is why no real gateway reads it.
 */
export const benchUserHeader = 'x-bench-user-id';

/**
 * The two headers every subgraph requires (see requireGateway): a request id
 * and the caller's identity signed for it with the internal secret. A fresh
 * id per subgraph call keeps each signature inside its 30-second lifetime.
 */
export function signedHeaders(config: Config, userId: string | null, requestId: string = randomUUID()): Record<string, string> {
  const identity = { ...anonymous, userId };
  return {
    [RequestHeader.requestId]: requestId,
    [identityHeader]: signInternalIdentity(identity, requestId, config.secrets.internalSecret, config.internalTokenTtlSeconds),
  };
}
