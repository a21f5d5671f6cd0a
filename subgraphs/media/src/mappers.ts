import type { Rows } from '@chorus/runtime';

export type MediaRow = Rows.Media;
export interface UserRef {
  id: string;
}
