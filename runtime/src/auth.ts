import type { BaseContext } from './context.ts';
import { unauthenticated } from './errors.ts';

/** The caller's id, or UNAUTHENTICATED. */
export function requireUser(context: BaseContext): string {
  if (context.viewerId === null) throw unauthenticated();
  return context.viewerId;
}
