import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

export type Listener = (message: unknown) => void;

/**
 * Fire-and-forget messages by topic, for live updates only: anything that
 * must not be lost is stored first, and a subscriber that missed a message
 * catches up from storage (sequence gaps, sync).
 */
export interface PubSub {
  publish(topic: string, message: unknown): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, listener: Listener): () => void;
  close(): Promise<void>;
}

/** One process: the embedded default, where every subscriber lives in the publisher's process. */
export class LocalPubSub implements PubSub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(topic: string, message: unknown): Promise<void> {
    // Same shape as across Redis: listeners never share an object with the publisher.
    const copy = JSON.parse(JSON.stringify(message)) as unknown;
    this.emitter.emit(topic, copy);
  }

  subscribe(topic: string, listener: Listener): () => void {
    this.emitter.on(topic, listener);
    return () => this.emitter.off(topic, listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * Redis pub/sub, so a message published by one instance reaches subscribers
 * connected to every other. One subscriber connection per process; a Redis
 * channel is subscribed while at least one local listener wants it.
 */
export class RedisPubSub implements PubSub {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly local = new LocalTopics();

  constructor(url: string, private readonly prefix: string, private readonly logger: Logger) {
    this.publisher = new Redis(url, { maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(url);
    this.subscriber.on('messageBuffer', (channel: Buffer, payload: Buffer) => {
      const topic = channel.toString().slice(this.prefix.length);
      let message: unknown;
      try {
        message = JSON.parse(payload.toString()) as unknown;
      } catch {
        this.logger.warn({ topic }, 'ignored a pub/sub message that is not JSON');
        return;
      }
      this.local.emit(topic, message);
    });
    this.subscriber.on('error', (error) => this.logger.warn({ err: error }, 'pub/sub connection error'));
  }

  async publish(topic: string, message: unknown): Promise<void> {
    await this.publisher.publish(this.prefix + topic, JSON.stringify(message));
  }

  subscribe(topic: string, listener: Listener): () => void {
    const first = this.local.add(topic, listener);
    if (first) {
      this.subscriber.subscribe(this.prefix + topic).catch((error: unknown) => this.logger.warn({ err: error, topic }, 'subscribe failed'));
    }
    return () => {
      if (this.local.remove(topic, listener)) {
        this.subscriber.unsubscribe(this.prefix + topic).catch(() => {});
      }
    };
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    await this.publisher.quit().catch(() => {});
  }
}

class LocalTopics {
  private readonly listeners = new Map<string, Set<Listener>>();

  /** True when this is the topic's first listener. */
  add(topic: string, listener: Listener): boolean {
    let set = this.listeners.get(topic);
    const first = set === undefined;
    if (set === undefined) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    return first;
  }

  /** True when the topic has no listener left. */
  remove(topic: string, listener: Listener): boolean {
    const set = this.listeners.get(topic);
    if (set === undefined || !set.delete(listener)) return false;
    if (set.size > 0) return false;
    this.listeners.delete(topic);
    return true;
  }

  emit(topic: string, message: unknown): void {
    for (const listener of this.listeners.get(topic) ?? []) listener(message);
  }
}

export function openPubSub(config: { redisUrl: string | undefined; redisPrefix: string }, logger: Logger): PubSub {
  return config.redisUrl ? new RedisPubSub(config.redisUrl, `${config.redisPrefix}pubsub:`, logger) : new LocalPubSub();
}
