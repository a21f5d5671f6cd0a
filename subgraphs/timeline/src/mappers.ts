import type { Page, Rows } from '@chorus/runtime';

export type PostRow = Rows.Post;
export interface UserRef {
  id: string;
}
export interface MediaRef {
  id: string;
}
export type PostPage = Page<PostRow>;
