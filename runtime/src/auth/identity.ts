/** Who is calling, as established by the gateway. */
export interface Identity {
  userId: string | null;
  /** The session (refresh-token family) the access token belongs to. */
  sessionId: string | null;
  /** The client's address as the gateway saw it; used for per-IP limits. */
  clientIp: string | null;
}

export const anonymous: Identity = { userId: null, sessionId: null, clientIp: null };
