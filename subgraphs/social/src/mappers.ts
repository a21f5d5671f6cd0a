import type { Page } from '@chorus/runtime';

/** social does not own users: it knows them by id only. */
export interface UserRef {
  id: string;
}
export type UserPage = Page<UserRef>;
export interface FollowResultModel {
  status: 'FOLLOWING' | 'REQUESTED';
  user: UserRef;
}
export interface FollowSuggestionModel {
  user: UserRef;
  mutualFriendCount: number;
}
