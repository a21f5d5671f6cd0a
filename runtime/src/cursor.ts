import { badUserInput } from './errors.ts';
import { isUuid } from './input.ts';

/**
 * Keyset position in a list ordered by (createdAt desc, id desc). The list
 * name is part of the cursor so a cursor from one list is refused by another.
 */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

interface CursorPayload {
  l: string;
  t: number;
  i: string;
}

export function encodeCursor(list: string, position: KeysetPosition): string {
  const payload: CursorPayload = { l: list, t: position.createdAt.getTime(), i: position.id };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(list: string, cursor: string): KeysetPosition {
  const invalid = () => badUserInput('The cursor is not valid for this list.', 'after');
  if (cursor.length > 256 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof payload !== 'object' || payload === null) throw invalid();
  const { l, t, i } = payload as Partial<CursorPayload>;
  if (l !== list || typeof t !== 'number' || !Number.isSafeInteger(t) || typeof i !== 'string' || !isUuid(i)) {
    throw invalid();
  }
  return { createdAt: new Date(t), id: i };
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Builds a page from rows fetched with `take: size + 1`: the extra row only
 * says whether there is a next page.
 */
export function toPage<Row, Node>(
  list: string,
  rows: Row[],
  size: number,
  position: (row: Row) => KeysetPosition,
  node: (row: Row) => Node,
): Page<Node> {
  const visible = rows.slice(0, size);
  const edges = visible.map((row) => ({ cursor: encodeCursor(list, position(row)), node: node(row) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
