import { describe, expect, it } from 'vitest';
import { codeOf } from './error-code.ts';
import { requireId, requirePageSize, requireText } from '../src/input.ts';


describe('input rules', () => {
  const rule = { field: 'body', min: 1, max: 5 };

  it('normalises text to NFC, trims it and counts code points, not UTF-16 units', () => {
    expect(requireText('  cafe\u0301 ', rule)).toBe('café');
    expect(requireText('😀😀😀😀😀', rule)).toBe('😀😀😀😀😀');
    expect(codeOf(() => requireText('😀😀😀😀😀😀', rule))).toBe('BAD_USER_INPUT');
  });

  it('refuses empty text and control characters', () => {
    expect(codeOf(() => requireText(' \n ', rule))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => requireText('a\u0000b', rule))).toBe('BAD_USER_INPUT');
    expect(requireText('a\nb', rule)).toBe('a\nb');
  });

  it('accepts only UUIDs as ids and caps page sizes', () => {
    expect(requireId('0B5C6F0E-4C1E-4A8E-9D7A-1F2E3D4C5B6A', 'id')).toBe('0b5c6f0e-4c1e-4a8e-9d7a-1f2e3d4c5b6a');
    expect(codeOf(() => requireId("1'; DROP TABLE x;--", 'id'))).toBe('BAD_USER_INPUT');
    expect(requirePageSize(null, 20, { max: 100 })).toBe(20);
    expect(codeOf(() => requirePageSize(1_000_000, 20, { max: 100 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => requirePageSize(-1, 20, { max: 100 }))).toBe('BAD_USER_INPUT');
  });
});
