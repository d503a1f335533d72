import { describe, expect, it } from 'vitest';
import { openStore } from '../index.js';

describe('token table', () => {
  it('saves, finds by hash, lists, replaces by name and revokes', async () => {
    const store = await openStore(':memory:');
    try {
      await store.saveToken({ name: 'ana', role: 'analyst', hash: 'a'.repeat(64), created: 1000 });
      await store.saveToken({
        name: 'bo',
        role: 'admin',
        hash: 'b'.repeat(64),
        created: 2000,
        lastUsed: 2500,
      });
      expect(await store.findTokenByHash('b'.repeat(64))).toEqual({
        name: 'bo',
        role: 'admin',
        hash: 'b'.repeat(64),
        created: 2000,
        lastUsed: 2500,
      });
      expect(await store.findTokenByHash('c'.repeat(64))).toBeUndefined();
      await store.saveToken({
        name: 'ana',
        role: 'analyst',
        hash: 'a'.repeat(64),
        created: 1000,
        lastUsed: 3000,
      });
      const all = await store.listTokens();
      expect(all.map((t) => [t.name, t.lastUsed])).toEqual([
        ['ana', 3000],
        ['bo', 2500],
      ]);
      expect(await store.revokeToken('ana')).toBe(true);
      expect(await store.revokeToken('ana')).toBe(false);
      expect(await store.revokeToken('nobody')).toBe(false);
      expect((await store.findTokenByHash('a'.repeat(64)))?.revoked).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });
});
