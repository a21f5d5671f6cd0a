import DataLoader from 'dataloader';

/**
 * Whether loaders batch. Always on in service; switched off only to show,
 * in a test, the N+1 query growth that batching prevents.
 */
export interface LoaderOptions {
  batch: boolean;
}

/**
 * A per-request loader of rows by id: one query for every id asked for in the
 * same tick, results in key order, null for ids with no row.
 */
export function rowsById<Row extends { id: string }>(
  options: LoaderOptions,
  fetch: (ids: readonly string[]) => Promise<Row[]>,
): DataLoader<string, Row | null> {
  return new DataLoader(
    async (ids) => {
      const rows = await fetch(ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { batch: options.batch },
  );
}

/** A per-request loader of one value per key, computed for all keys at once. */
export function valuesByKey<Value>(
  options: LoaderOptions,
  fetch: (keys: readonly string[]) => Promise<Map<string, Value>>,
  missing: Value,
): DataLoader<string, Value> {
  return new DataLoader(
    async (keys) => {
      const values = await fetch(keys);
      return keys.map((key) => values.get(key) ?? missing);
    },
    { batch: options.batch },
  );
}

/**
 * A per-request loader whose key is a structured value (user + page
 * arguments, say): keys are compared by their JSON form, and a batch arrives
 * grouped by `groupOf` so each group can be one query.
 */
export function groupedLoader<Key, Value>(
  options: LoaderOptions,
  groupOf: (key: Key) => string,
  fetchGroup: (keys: Key[]) => Promise<(Value | Error)[]>,
): DataLoader<Key, Value, string> {
  return new DataLoader<Key, Value, string>(
    async (keys) => {
      const groups = new Map<string, number[]>();
      keys.forEach((key, index) => {
        const group = groupOf(key);
        groups.set(group, [...(groups.get(group) ?? []), index]);
      });
      const results: (Value | Error)[] = new Array(keys.length);
      await Promise.all(
        [...groups.values()].map(async (indexes) => {
          const values = await fetchGroup(indexes.map((index) => keys[index]!));
          indexes.forEach((index, i) => (results[index] = values[i]!));
        }),
      );
      return results;
    },
    { batch: options.batch, cacheKeyFn: (key) => JSON.stringify(key) },
  );
}
