/** Pub/sub topic names, in one place so publishers and subscribers agree. */
export const topics = {
  /** A conversation's new messages: { conversationId, seq, messageId }. */
  messages: (conversationId: string) => `chat:messages:${conversationId}`,
  /** Typing indicators of a conversation. */
  typing: (conversationId: string) => `chat:typing:${conversationId}`,
  /** New entries of a user's inbox: { userId, seq }. */
  inbox: (userId: string) => `chat:inbox:${userId}`,
  /** A user came online or went offline. */
  presence: (userId: string) => `chat:presence:${userId}`,
  /** A user's friends changed: cached friend lists must be reloaded. */
  contacts: (userId: string) => `chat:contacts:${userId}`,
};

export interface MessageNotice {
  conversationId: string;
  seq: number;
}
export interface InboxNotice {
  seq: number;
}
