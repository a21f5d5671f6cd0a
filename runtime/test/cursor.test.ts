import { describe, expect, it } from 'vitest';
import { codeOf } from './error-code.ts';
import { decodeCursor, encodeCursor, toPage } from '../src/cursor.ts';

const position = { createdAt: new Date('2026-11-22T10:00:00.123Z'), id: '0b5c6f0e-4c1e-4a8e-9d7a-1f2e3d4c5b6a' };


describe('keyset cursors', () => {
  it('round-trips a position within its own list', () => {
    expect(decodeCursor('followers:a', encodeCursor('followers:a', position))).toEqual(position);
  });

  it('refuses a cursor from another list, a tampered one and junk', () => {
    const cursor = encodeCursor('followers:a', position);
    expect(codeOf(() => decodeCursor('followers:b', cursor))).toBe('BAD_USER_INPUT');
    const forged = Buffer.from(JSON.stringify({ l: 'followers:a', t: 1, i: "1' OR 1=1" })).toString('base64url');
    expect(codeOf(() => decodeCursor('followers:a', forged))).toBe('BAD_USER_INPUT');
    for (const junk of ['', '!!!', 'e30', 'x'.repeat(300), Buffer.from('[1,2]').toString('base64url')]) {
      expect(codeOf(() => decodeCursor('followers:a', junk))).toBe('BAD_USER_INPUT');
    }
  });

  it('uses the extra row only to say there is a next page', () => {
    const rows = [1, 2, 3].map((n) => ({ ...position, n }));
    const page = toPage('l', rows, 2, (row) => row, (row) => row.n);
    expect(page.edges.map((edge) => edge.node)).toEqual([1, 2]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(toPage('l', rows.slice(0, 2), 2, (row) => row, (row) => row.n).pageInfo.hasNextPage).toBe(false);
  });
});
