// Ops of one write batch run a few at a time (issue #11): each op is its own temp file, fsync,
// link/rename and dir fsync, so one after another a first sync of 247 files waited ~500 fsyncs
// in a row on the agent while the cores idled. Ops on the same path keep their order (a backup,
// then the put that replaces the file); ops on different paths touch different files.

/** How many ops run at once: the libuv threadpool's default size (its 4 threads do the I/O). */
export const OPS_AT_ONCE = 4;

/**
 * `run(item, index)` for every item, at most `limit` at once, an item waiting for every earlier
 * item with the same key; the results in item order.
 */
export async function inKeyOrder<T, R>(items: readonly T[], keyOf: (item: T) => string, run: (item: T, index: number) => Promise<R>, limit: number = OPS_AT_ONCE): Promise<R[]> {
  const results: R[] = [];
  const lastOfKey = new Map<string, Promise<unknown>>();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as T;
      const key = keyOf(item);
      const before = lastOfKey.get(key);
      const done = (async () => {
        if (before !== undefined) await before.catch(() => undefined);
        results[index] = await run(item, index);
      })();
      lastOfKey.set(key, done);
      await done;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
