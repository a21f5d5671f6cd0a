import { badUserInput } from '@chorus/runtime';

export const handleRule = { min: 3, max: 30, pattern: /^[a-z0-9_]+$/ } as const;

/**
 * The key uniqueness is decided on: NFKC folds compatibility forms (full-width
 * "ａｎｎ" becomes "ann"), lower-casing makes "Ann" and "ann" one handle.
 * Only ASCII letters, digits and underscore survive the charset check, so
 * look-alikes from other scripts (Cyrillic "а") are refused, not confused.
 */
export function handleKey(handle: string): string {
  return handle.normalize('NFKC').toLowerCase();
}

/** Validates a handle and returns [display form, uniqueness key]. */
export function requireHandle(input: string): { handle: string; key: string } {
  const handle = input.normalize('NFKC').trim();
  const key = handle.toLowerCase();
  if (key.length < handleRule.min || key.length > handleRule.max) {
    throw badUserInput(`handle must be ${handleRule.min}–${handleRule.max} characters.`, 'handle');
  }
  if (!handleRule.pattern.test(key)) {
    throw badUserInput('handle may contain only letters a–z, digits and underscore.', 'handle');
  }
  return { handle, key };
}
