import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('defaults to the gateway on 4000 and subgraphs on 4001–4005 in catalog order', () => {
    const config = loadConfig({});
    expect(config.gatewayPort).toBe(4000);
    expect(config.subgraphPorts).toEqual({ users: 4001, social: 4002, timeline: 4003, chat: 4004, media: 4005 });
    expect(config.subgraphUrls.chat).toBe('http://127.0.0.1:4004/graphql');
    expect(config.databaseUrl).toBeUndefined();
  });

  it('takes subgraph URLs and ports from the environment', () => {
    const config = loadConfig({ CHORUS_SOCIAL_URL: 'http://social.internal:9000/graphql', CHORUS_USERS_PORT: '5001' });
    expect(config.subgraphUrls.social).toBe('http://social.internal:9000/graphql');
    expect(config.subgraphUrls.users).toBe('http://127.0.0.1:5001/graphql');
  });

  it('refuses malformed values instead of guessing', () => {
    expect(() => loadConfig({ CHORUS_GATEWAY_PORT: '80000' })).toThrow(ConfigError);
    expect(() => loadConfig({ CHORUS_GATEWAY_PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ CHORUS_MEDIA_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => loadConfig({ CHORUS_SHUTDOWN_GRACE_MS: '-1' })).toThrow(ConfigError);
  });
});
