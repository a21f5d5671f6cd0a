import type { Rows } from '@chorus/runtime';

export type ConversationRow = Rows.Conversation;
export type MessageRow = Rows.Message;
export interface UserRef {
  id: string;
}
export interface MediaRef {
  id: string;
}
