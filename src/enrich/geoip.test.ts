import { describe, expect, it } from 'vitest';
import { GeoIp, defaultGeo, ipv4ToNumber, ipv6Top64, type GeoSources } from './geoip.js';

const small = new GeoIp({
  country4: () => '16777216,16777471,AU\n16777472,16778239,CN\n3232235520,3232301055,ZZ\n',
  country6: () =>
    `${(0x20010db8n << 96n).toString()},${((0x20010db8n << 96n) | ((1n << 96n) - 1n)).toString()},NL\n`,
  asn4: () => '16777216,16777471,13335,"Cloudflare, Inc."\n16777472,16777599,4134,"Chinanet ""backbone"""\n',
  asn6: () => '',
});

describe('GeoIp', () => {
  it('finds the country and AS of an address inside a range, and nothing between ranges', () => {
    expect(small.lookup('1.0.0.7')).toEqual({ country: 'AU', asn: 13335, asOrg: 'Cloudflare, Inc.' });
    expect(small.lookup('1.0.1.0')).toEqual({ country: 'CN', asn: 4134, asOrg: 'Chinanet "backbone"' });
    expect(small.lookup('1.0.3.255')).toEqual({ country: 'CN' });
    expect(small.lookup('9.9.9.9')).toBeUndefined();
    expect(small.lookup('192.168.0.1')).toBeUndefined();
  });

  it('looks IPv6 up on the top 64 bits and rejects malformed addresses', () => {
    expect(small.lookup('2001:db8::1')).toEqual({ country: 'NL' });
    expect(small.lookup('2001:db9::1')).toBeUndefined();
    for (const bad of ['', '1.2.3', '1.2.3.256', 'a.b.c.d', '2001:::1', 'gggg::1', 'host.example'])
      expect(small.lookup(bad)).toBeUndefined();
  });

  it('parses address forms', () => {
    expect(ipv4ToNumber('255.255.255.255')).toBe(4294967295);
    expect(ipv4ToNumber('01.2.3.4')).toBe(16909060);
    expect(ipv6Top64('::ffff:1.2.3.4')).toBe(0n);
    expect(ipv6Top64('fe80::1%eth0')).toBe(0xfe80n << 48n);
    expect(ipv6Top64('1:2:3:4:5:6:7:8')).toBe(0x0001000200030004n);
    expect(ipv6Top64('1:2:3:4:5:6:7')).toBeUndefined();
  });

  it('knows real public addresses from the shipped databases', () => {
    const g = defaultGeo();
    expect(g.lookup('8.8.8.8')).toMatchObject({ asn: 15169 });
    expect(g.lookup('8.8.8.8')?.country).toMatch(/^[A-Z]{2}$/);
    expect(g.lookup('2001:4860:4860::8888')).toMatchObject({ asn: 15169 });
    expect(g.lookup('10.1.2.3')).toBeUndefined();
  });
});

describe('GeoIp.preload', () => {
  /** Sources of `rows` IPv4 country ranges (1.0.0.0/24 AU, 1.0.1.0/24 CN, …), counting synchronous reads. */
  function counted(rows: number): { src: GeoSources; sync: string[] } {
    const sync: string[] = [];
    const v4 = Array.from({ length: rows }, (_, i) => {
      const s = 16777216 + i * 256;
      return `${s},${s + 255},${i % 2 === 0 ? 'AU' : 'CN'}`;
    }).join('\n');
    const text = {
      country4: v4,
      asn4: '16777216,16777471,13335,"Cloudflare, Inc."\n',
      country6: '',
      asn6: '',
    };
    const src: GeoSources = {
      country4: () => (sync.push('country4'), text.country4),
      asn4: () => (sync.push('asn4'), text.asn4),
      country6: () => (sync.push('country6'), text.country6),
      asn6: () => (sync.push('asn6'), text.asn6),
      read: (name) => Promise.resolve(text[name]),
    };
    return { src, sync };
  }

  it('loads every table in the background: later lookups read nothing synchronously', async () => {
    const { src, sync } = counted(10);
    const g = new GeoIp(src);
    await g.preload();
    expect(g.lookup('1.0.0.7')).toEqual({ country: 'AU', asn: 13335, asOrg: 'Cloudflare, Inc.' });
    expect(g.lookup('1.0.1.7')).toEqual({ country: 'CN' });
    expect(g.lookup('2001:db8::1')).toBeUndefined();
    expect(sync).toEqual([]);
  });

  it('lets the event loop turn while it parses (a timer fires before it is done)', async () => {
    const { src } = counted(100_000);
    const g = new GeoIp(src);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let ticksWhenDone = -1;
    const done = g.preload().then(() => (ticksWhenDone = ticks));
    await new Promise((resolve) => setTimeout(resolve, 1));
    await done;
    clearInterval(timer);
    expect(ticksWhenDone).toBeGreaterThan(0);
    expect(g.lookup(`1.${(99_999 >> 8) & 255}.${99_999 & 255}.1`)).toEqual({ country: 'CN' });
  });

  it('answers a lookup made while it is loading, with the same result', async () => {
    const { src } = counted(100_000);
    const g = new GeoIp(src);
    const done = g.preload();
    await new Promise((resolve) => setImmediate(resolve));
    expect(g.lookup('1.0.0.7')).toEqual({ country: 'AU', asn: 13335, asOrg: 'Cloudflare, Inc.' });
    await done;
    expect(g.lookup('1.0.1.9')).toEqual({ country: 'CN' });
    expect(g.preload()).toBe(g.preload());
  });
});
