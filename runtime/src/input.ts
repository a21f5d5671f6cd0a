import { badUserInput } from './errors.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids are UUIDs in storage. Checking the shape here turns a hostile id into
 * BAD_USER_INPUT instead of a database cast error.
 */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

export function requireId(value: string, field: string): string {
  if (!isUuid(value)) throw badUserInput(`${field} is not a valid id.`, field);
  return value.toLowerCase();
}

/** Control characters other than tab and newline have no place in user text. */
// eslint-disable-next-line no-control-regex
const forbiddenControl = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export interface TextRule {
  field: string;
  min: number;
  max: number;
}

/**
 * Normalises user text (NFC, trimmed) and enforces its length in code points,
 * so what is stored is exactly what is later returned.
 */
export function requireText(value: string, rule: TextRule): string {
  const text = value.normalize('NFC').trim();
  if (forbiddenControl.test(text)) {
    throw badUserInput(`${rule.field} contains control characters.`, rule.field);
  }
  const length = [...text].length;
  if (length < rule.min) {
    throw badUserInput(
      rule.min === 1 ? `${rule.field} must not be empty.` : `${rule.field} must be at least ${rule.min} characters.`,
      rule.field,
    );
  }
  if (length > rule.max) {
    throw badUserInput(`${rule.field} must be at most ${rule.max} characters.`, rule.field);
  }
  return text;
}

export interface PageSizeRule {
  field?: string;
  max: number;
}

/** Page sizes are capped, never silently clamped: asking for too much is a client bug. */
export function requirePageSize(first: number | null | undefined, fallback: number, rule: PageSizeRule): number {
  const field = rule.field ?? 'first';
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > rule.max) {
    throw badUserInput(`${field} must be between 0 and ${rule.max}.`, field);
  }
  return size;
}
