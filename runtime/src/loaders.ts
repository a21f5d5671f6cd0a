import DataLoader from 'dataloader';

/**
 * A per-request loader of rows by id: one query for every id asked for in the
 * same tick, results in key order, null for ids with no row.
 */
export function rowsById<Row extends { id: string }>(
  fetch: (ids: readonly string[]) => Promise<Row[]>,
): DataLoader<string, Row | null> {
  return new DataLoader(async (ids) => {
    const rows = await fetch(ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** A per-request loader of one value per key, computed for all keys at once. */
export function valuesByKey<Value>(
  fetch: (keys: readonly string[]) => Promise<Map<string, Value>>,
  missing: Value,
): DataLoader<string, Value> {
  return new DataLoader(async (keys) => {
    const values = await fetch(keys);
    return keys.map((key) => values.get(key) ?? missing);
  });
}
