/** Public surface of the store: open one, and the contract every engine implements. */
import { DuckDbStore } from './duckdb/duckdb-store.js';
import type { Store } from './store.js';

export * from './store.js';

/** Where commands keep the store unless told otherwise. */
export const DEFAULT_STORE_PATH = './ward-data/ward.duckdb';

/**
 * Open the embedded store at `path`, creating the file, its parent folders and the tables as needed, or an
 * in-memory store for `':memory:'`. Close it to flush and release the file.
 */
export function openStore(path: string): Promise<Store> {
  return DuckDbStore.open(path);
}
