import type { ApolloClient } from '@apollo/client';
import { ConversationMessagesDocument, MyConversationsDocument, SyncDocument, type MessageFieldsFragment } from '../gql/graphql.ts';

export type ChatMessage = MessageFieldsFragment;

/**
 * The caller's messages, per conversation, keyed by sequence number: a
 * message that arrives twice (live and again from sync) is stored once, and
 * the list is always in seq order.
 *
 * Store and forward: live events are only a hint. `sync` pulls every inbox
 * change after the saved token, so whatever the socket missed while the
 * network was down arrives on the next sync, and the token only moves past
 * changes that did arrive.
 */
export class Inbox {
  private readonly byConversation = new Map<string, Map<number, ChatMessage>>();
  private readonly snapshots = new Map<string, ChatMessage[]>();
  private readonly listeners = new Set<() => void>();
  private running: Promise<void> | undefined;
  private again = false;
  private readonly tokenKey: string;

  constructor(
    private readonly client: ApolloClient,
    userId: string,
  ) {
    this.tokenKey = `chorus.sync.${userId}`;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  messages(conversationId: string): ChatMessage[] {
    let snapshot = this.snapshots.get(conversationId);
    if (!snapshot) {
      snapshot = [...(this.byConversation.get(conversationId)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
      this.snapshots.set(conversationId, snapshot);
    }
    return snapshot;
  }

  add(conversationId: string, messages: readonly ChatMessage[]): void {
    if (messages.length === 0) return;
    let stored = this.byConversation.get(conversationId);
    if (!stored) this.byConversation.set(conversationId, (stored = new Map()));
    // The later state wins: an edit or deletion arrives as the same seq.
    for (const message of messages) stored.set(message.seq, message);
    this.snapshots.delete(conversationId);
    for (const listener of this.listeners) listener();
  }

  /** Runs a sync now, or once more after the one in flight: never two at once, and never one lost. */
  sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pull();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async pull(): Promise<void> {
    let token = localStorage.getItem(this.tokenKey);
    let regrouped = false;
    for (;;) {
      const { data } = await this.client.query({ query: SyncDocument, variables: { token }, fetchPolicy: 'no-cache' });
      if (!data) throw new Error('sync returned nothing');
      const changed = new Map<string, ChatMessage[]>();
      for (const change of data.sync.changes) {
        if (change.kind === 'MEMBER_JOINED' || change.kind === 'MEMBER_LEFT' || change.kind === 'RENAMED') regrouped = true;
        if (!change.message) continue;
        changed.set(change.conversationId, [...(changed.get(change.conversationId) ?? []), change.message]);
      }
      for (const [conversationId, messages] of changed) this.add(conversationId, messages);
      token = data.sync.token;
      localStorage.setItem(this.tokenKey, token);
      if (!data.sync.hasMore) break;
    }
    // Unread counts and ordering of the conversation list follow the inbox; an open group's members and name follow its changes.
    await this.client.refetchQueries({ include: regrouped ? [MyConversationsDocument, ConversationMessagesDocument] : [MyConversationsDocument] });
  }
}
