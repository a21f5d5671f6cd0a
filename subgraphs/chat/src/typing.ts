import type { ChatServices } from './chat-services.ts';
import type { TypingEventModel } from './mappers.ts';
import { topics } from './topics.ts';

/**
 * Typing indicators are not stored: each one is announced with its expiry,
 * and the instance that announced it announces "stopped" when it lapses
 * without renewal, so subscribers need no timers of their own.
 */
export class TypingIndicators {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  constructor(private readonly services: Pick<ChatServices, 'pubsub' | 'settings' | 'logger'>) {}

  async start(conversationId: string, userId: string): Promise<void> {
    const key = `${conversationId}:${userId}`;
    const ttl = this.services.settings.typingTtlMs;
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.announce({ conversationId, userId, typing: false, expiresAt: new Date().toISOString() }).catch((error: unknown) =>
          this.services.logger.warn({ err: error }, 'could not announce the end of typing'),
        );
      }, ttl).unref(),
    );
    await this.announce({ conversationId, userId, typing: true, expiresAt: new Date(Date.now() + ttl).toISOString() });
  }

  private announce(event: TypingEventModel): Promise<void> {
    return this.services.pubsub.publish(topics.typing(event.conversationId), event);
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
