import { describe, expect, it } from 'vitest';
import { detach, fmtBytes, isInternalIp, subnetOf } from './common.js';

describe('internal addresses', () => {
  it('treats private, loopback, link-local, CGNAT, multicast and ULA as internal', () => {
    for (const ip of [
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '127.0.0.1',
      '169.254.10.1',
      '100.64.0.1',
      '224.0.0.251',
      '255.255.255.255',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd12:3456::1',
      'ff02::fb',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ])
      expect(isInternalIp(ip), ip).toBe(true);
  });

  it('treats public IPv4 and IPv6 as external', () => {
    for (const ip of [
      '203.0.113.7',
      '172.32.0.1',
      '100.128.0.1',
      '8.8.8.8',
      '2001:db8::1',
      '::ffff:52.96.0.10',
    ])
      expect(isInternalIp(ip), ip).toBe(false);
  });
});

describe('wording', () => {
  it('writes bytes in decimal units and peer networks as /24', () => {
    expect(fmtBytes(2.1e9)).toBe('2.1 GB');
    expect(fmtBytes(40e6)).toBe('40 MB');
    expect(fmtBytes(512_000)).toBe('512 kB');
    expect(fmtBytes(900)).toBe('900 B');
    expect(subnetOf('10.20.25.7')).toBe('10.20.25.0/24');
    expect(detach('CmN5Ad3Yq1yNHTDwa1')).toBe('CmN5Ad3Yq1yNHTDwa1');
  });
});
