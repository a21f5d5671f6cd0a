import type { Page } from '@chorus/runtime';
import type { StoredPost } from './store/timeline-store.ts';

export type PostRow = StoredPost;
export interface UserRef {
  id: string;
}
export interface MediaRef {
  id: string;
}
export type PostPage = Page<PostRow>;
