import type { Rows } from '@chorus/runtime';

export type ConversationRow = Rows.Conversation;
export type MessageRow = Rows.Message;
export type MembershipRow = Rows.ConversationMember;
export type InboxChangeRow = Rows.InboxEntry;
export interface SyncResultModel {
  changes: InboxChangeRow[];
  contactsChanged: boolean;
  accountChanged: boolean;
  token: string;
  hasMore: boolean;
}
export interface TypingEventModel {
  conversationId: string;
  userId: string;
  typing: boolean;
  expiresAt: string;
}
export interface PresenceEventModel {
  userId: string;
  online: boolean;
}
export interface UserRef {
  id: string;
}
export interface MediaRef {
  id: string;
}
