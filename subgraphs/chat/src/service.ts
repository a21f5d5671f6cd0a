import { createHmac } from 'node:crypto';
import {
  blockProjectionHandlers,
  combineHandlers,
  loadSubgraphTypeDefs,
  pingDatabase,
  RedisJobQueue,
  openPubSub,
  SqlJobQueue,
  type SubgraphDefinition,
  type SubgraphDeps,
} from '@chorus/runtime';
import { createChatContext, type ChatContext } from './context.ts';
import { chatEvents } from './events.ts';
import { contactEvents } from './contacts.ts';
import { resolvers } from './resolvers/index.ts';
import { diffusionQueue, type DiffusionJob } from './changes.ts';
import { diffuse, undiffused } from './diffusion.ts';
import { LocalPresence, RedisPresence } from './presence.ts';
import { TypingIndicators } from './typing.ts';
import { topics } from './topics.ts';
import type { ChatServices, ChatSettings } from './chat-services.ts';

/** Queue, pub/sub and presence in Redis when configured (so instances share them), in-process otherwise. */
export function createChatServices(deps: SubgraphDeps, settings: Partial<ChatSettings> = {}): ChatServices {
  const { config, prisma, logger } = deps;
  const redisUrl = config.redisUrl;
  const pubsub = openPubSub(config, logger);
  const base = {
    db: prisma,
    logger,
    pubsub,
    queue: redisUrl ? RedisJobQueue.connect(redisUrl, `${config.redisPrefix}jobs:`) : new SqlJobQueue(prisma),
    presence: redisUrl ? new RedisPresence(redisUrl, `${config.redisPrefix}presence:`, pubsub) : new LocalPresence(pubsub),
    settings: {
      ...config.chat,
      // Derived, so rotating the internal secret also retires every sync token.
      syncSecret: createHmac('sha256', config.secrets.internalSecret).update('chat-sync-token').digest('base64url'),
      ...settings,
    },
  };
  return { ...base, typing: new TypingIndicators(base) };
}

function diffusionHandler(services: ChatServices) {
  return async (job: unknown) => {
    await diffuse(services.db, services.pubsub, (job as DiffusionJob).conversationId);
  };
}

/** Runs every diffusion job queued now (tests, tools); the workers do this continuously. */
export function drainChatJobs(services: ChatServices): Promise<number> {
  return services.queue.drain(diffusionQueue, diffusionHandler(services));
}

export function createChatSubgraph(deps: SubgraphDeps, options: { services?: ChatServices } = {}): SubgraphDefinition<ChatContext> {
  const services = options.services ?? createChatServices(deps);
  const { logger, config } = deps;
  const announceContacts = async (userIds: string[]) => {
    await Promise.all(userIds.map((userId) => services.pubsub.publish(topics.contacts(userId), {})));
  };
  return {
    name: 'chat',
    typeDefs: loadSubgraphTypeDefs('chat'),
    resolvers,
    createContext: (base) => createChatContext(base, services),
    checkReady: () => pingDatabase(services.db),
    events: combineHandlers(chatEvents, contactEvents(announceContacts), blockProjectionHandlers('chat')),
    jobQueues: [{ queue: services.queue, name: diffusionQueue }],
    startWorkers: () => {
      const worker = services.queue.work(diffusionQueue, diffusionHandler(services), { pollMs: config.eventPollMs, logger });
      // Changes committed just before a crash, whose job never reached Redis.
      undiffused(services.db)
        .then((ids) => Promise.all(ids.map((conversationId) => diffuse(services.db, services.pubsub, conversationId))))
        .catch((error: unknown) => logger.warn({ err: error }, 'resuming write diffusion failed'));
      return { stop: () => worker.stop() };
    },
    close: async () => {
      services.typing.stop();
      await services.presence.close();
      await services.queue.close();
      await services.pubsub.close();
    },
  };
}
