import type { Rows } from '@chorus/runtime';

export type UserRow = Rows.User;
/** users only knows a Media's id; the media subgraph resolves the rest. */
export interface MediaRef {
  id: string;
}

export interface AuthPayloadModel {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: UserRow;
}
