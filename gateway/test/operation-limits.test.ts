import { describe, expect, it } from 'vitest';
import { loadConfig } from '@chorus/runtime';
import { checkRequest, LimitExceeded } from '../src/limits/operation-limits.ts';

const limits = loadConfig({ CHORUS_JWT_SECRET: 'j'.repeat(40), CHORUS_INTERNAL_SECRET: 'i'.repeat(40) }).limits;

function codeOf(body: unknown): string {
  try {
    checkRequest(body, limits);
    return 'accepted';
  } catch (error) {
    if (error instanceof LimitExceeded) return error.code;
    throw error;
  }
}

function nested(depth: number): string {
  return `{ ${'me { '.repeat(depth)}id${' }'.repeat(depth)} }`;
}

describe('operation limits', () => {
  it('accepts ordinary operations, including paginated ones within the cost budget', () => {
    expect(codeOf({ query: '{ recentPosts(first: 50) { edges { node { body author { handle } } } } }' })).toBe('accepted');
    expect(codeOf([{ query: '{ me { id } }' }, { query: '{ me { handle } }' }])).toBe('accepted');
    expect(codeOf({ query: 'not graphql at all {' })).toBe('accepted'); // Apollo Server reports syntax errors
  });

  it('gives every limit its own code', () => {
    expect(codeOf({ query: nested(50) })).toBe('QUERY_TOO_DEEP');
    // 10,000 aliases of one field is over the size limit already; 1,500 compact ones are over the token limit.
    expect(codeOf({ query: `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: me { id }`).join(' ')} }` })).toBe('QUERY_TOO_LARGE');
    expect(codeOf({ query: `{${Array.from({ length: 1_500 }, (_, i) => `a${i}:me{id}`).join(' ')}}` })).toBe('TOO_MANY_TOKENS');
    expect(codeOf({ query: `{ me { ${Array.from({ length: 31 }, (_, i) => `a${i}: id`).join(' ')} } }` })).toBe('TOO_MANY_ALIASES');
    expect(codeOf({ query: `{ ${'me { id } '.repeat(11)}}` })).toBe('TOO_MANY_ROOT_FIELDS');
    expect(codeOf({ query: `{ me { id } } # ${'x'.repeat(1_000_000)}` })).toBe('QUERY_TOO_LARGE');
    expect(codeOf(Array.from({ length: 1_000 }, () => ({ query: '{ me { id } }' })))).toBe('BATCH_TOO_LARGE');
    expect(codeOf({ query: '{ me { id } }', variables: { blob: 'x'.repeat(100_000) } })).toBe('VARIABLES_TOO_LARGE');
    // 100 posts × 100 followers × 100 friends each: a million items.
    const costly = '{ recentPosts(first: 100) { edges { node { author { followers(first: 100) { edges { node { friends(first: 100) { edges { node { id } } } } } } } } } } }';
    expect(codeOf({ query: costly })).toBe('QUERY_TOO_COSTLY');
    expect(codeOf({ query: 'query($n: Int) { recentPosts(first: $n) { edges { node { author { followers(first: $n) { edges { node { friends(first: $n) { edges { node { id } } } } } } } } } } }', variables: { n: 100 } })).toBe('QUERY_TOO_COSTLY');
  });

  it('counts fragments into depth and cost, and survives a fragment that spreads itself', () => {
    const viaFragments = `query { ...A } fragment A on Query { me { ...B } } fragment B on User { ${'avatar { '.repeat(20)}id${' }'.repeat(20)} }`;
    expect(codeOf({ query: viaFragments })).toBe('QUERY_TOO_DEEP');
    expect(codeOf({ query: 'query { ...A } fragment A on Query { ...A }' })).toBe('accepted');
  });
});
