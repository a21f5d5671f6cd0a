import { describe, expect, it } from 'vitest';
import { ConfigError, configToEnv, loadConfig } from '../src/config.ts';

// Explicit secrets keep these tests from creating a development secrets file.
const secrets = { CHORUS_JWT_SECRET: 'j'.repeat(40), CHORUS_INTERNAL_SECRET: 'i'.repeat(40) };

describe('loadConfig', () => {
  it('defaults to the gateway on 4000 and subgraphs on 4001–4005 in catalog order', () => {
    const config = loadConfig({ ...secrets });
    expect(config.gatewayPort).toBe(4000);
    expect(config.subgraphPorts).toEqual({ users: 4001, social: 4002, timeline: 4003, chat: 4004, media: 4005 });
    expect(config.subgraphUrls.chat).toBe('http://127.0.0.1:4004/graphql');
    expect(config.databaseUrl).toBeUndefined();
  });

  it('takes subgraph URLs and ports from the environment', () => {
    const config = loadConfig({ ...secrets, CHORUS_SOCIAL_URL: 'http://social.internal:9000/graphql', CHORUS_USERS_PORT: '5001' });
    expect(config.subgraphUrls.social).toBe('http://social.internal:9000/graphql');
    expect(config.subgraphUrls.users).toBe('http://127.0.0.1:5001/graphql');
  });

  it('refuses malformed values instead of guessing', () => {
    expect(() => loadConfig({ ...secrets, CHORUS_GATEWAY_PORT: '80000' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...secrets, CHORUS_GATEWAY_PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...secrets, CHORUS_MEDIA_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...secrets, CHORUS_SHUTDOWN_GRACE_MS: '-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...secrets, CHORUS_GRAPHIQL: 'yes' })).toThrow(ConfigError);
  });

  it('serves GraphiQL by default in development only, and either way when told', () => {
    const production = { ...secrets, NODE_ENV: 'production' };
    expect(loadConfig({ ...secrets }).graphiql).toBe(true);
    expect(loadConfig(production).graphiql).toBe(false);
    expect(loadConfig({ ...secrets, CHORUS_GRAPHIQL: 'off' }).graphiql).toBe(false);
    expect(loadConfig({ ...production, CHORUS_GRAPHIQL: 'on' }).graphiql).toBe(true);
  });
});

describe('configToEnv', () => {
  it('hands a child process exactly the same configuration', () => {
    const config = loadConfig({
      CHORUS_JWT_SECRET: 'j'.repeat(40),
      CHORUS_INTERNAL_SECRET: 'i'.repeat(40),
      CHORUS_CHAT_PORT: '6004',
      DATABASE_URL: 'postgres://example/db',
      CHORUS_EVENT_POLL_MS: '50',
      CHORUS_GRAPHIQL: 'off',
    });
    expect(loadConfig(configToEnv(config))).toEqual(config);
  });

  it('insists on configured, distinct secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', CHORUS_JWT_SECRET: 'short', CHORUS_INTERNAL_SECRET: 'i'.repeat(40) })).toThrow(
      ConfigError,
    );
    const same = 's'.repeat(40);
    expect(() => loadConfig({ CHORUS_JWT_SECRET: same, CHORUS_INTERNAL_SECRET: same })).toThrow(ConfigError);
  });
});
