/** `ward start` loads the offline GeoIP tables in the background once the server listens. */
import { describe, expect, it } from 'vitest';
import { defaultGeo } from '../enrich/geoip.js';
import { preloadGeo } from './start.js';

describe('preloadGeo', () => {
  it('loads the shipped tables in the background and says so', async () => {
    const lines: string[] = [];
    let loaded: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (loaded = resolve));
    preloadGeo((line) => {
      lines.push(line);
      loaded();
    }, 0);
    // Nothing has happened yet: the load starts after the caller's turn of the event loop.
    expect(lines).toEqual([]);
    await done;
    expect(lines[0]).toMatch(/^GeoIP tables loaded in the background \(\d+ ms\)$/);
    expect(defaultGeo().lookup('8.8.8.8')).toMatchObject({ asn: 15169 });
  }, 60_000);
});
