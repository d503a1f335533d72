import { describe, expect, it } from 'vitest';
import { hasRealInputs, parseConfig } from './config.js';

describe('configuration', () => {
  it('gives working defaults with no file: local server, embedded store, simulation on auto', () => {
    const c = parseConfig('', 'ward.yaml');
    expect(c.server).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(c.store).toBe('./ward-data/ward.duckdb');
    expect(c.simulate.enabled).toBe('auto');
    expect(hasRealInputs(c)).toBe(false);
  });

  it('reads real inputs and is frozen', () => {
    const c = parseConfig(
      'inputs:\n  syslog: { udpPort: 5514 }\n  tail:\n    - paths: [/var/log/auth.log]\n      format: syslog\n',
      'ward.yaml',
    );
    expect(hasRealInputs(c)).toBe(true);
    expect(Object.isFrozen(c.inputs.tail)).toBe(true);
  });

  it('names the file and the key of a mistake', () => {
    expect(() => parseConfig('server:\n  prot: 80\n', '/etc/ward.yaml')).toThrow(
      /\/etc\/ward.yaml.*\n.*server/,
    );
    expect(() => parseConfig('server: { port: 99999 }', 'w.yaml')).toThrow(/server\.port/);
    expect(() => parseConfig('a: [unclosed', 'w.yaml')).toThrow(/w.yaml: not valid YAML/);
  });
});
