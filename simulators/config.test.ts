import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseUrlOf, DEFAULT_DATA_DIR, DEFAULT_SCENARIOS_DIR, PACKAGE_ROOT, resolveConfig } from './config.ts';
import { SimError } from './core/errors.ts';

function configError(argv: string[], env: NodeJS.ProcessEnv = {}): SimError {
  try {
    resolveConfig(argv, env);
  } catch (e) {
    expect(e).toBeInstanceOf(SimError);
    expect((e as SimError).code).toBe('SIM_ERR_BOOT_CONFIG');
    return e as SimError;
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
}

describe('resolveConfig', () => {
  it('defaults to loopback, the well-known ports, every implemented channel and repo paths', () => {
    const c = resolveConfig([], {});
    expect(c.host).toBe('127.0.0.1');
    expect(c.ports).toEqual({ lakala: 8101, dsp: 8102, unionpay: 8103, withhold: 8104, lft: 8105 });
    expect(c.channels).toEqual(['lakala', 'dsp', 'unionpay', 'withhold', 'lft']);
    expect(c.timeScale).toBe(1);
    expect(c.admin).toEqual({ token: undefined, allowRemote: false });
    expect(c.logLevel).toBe('info');
    expect(c.persist).toBe(false);
    expect(c.warnings).toEqual([]);
    // resolved from the module's location, not the current directory
    expect(c.scenariosDir).toBe(DEFAULT_SCENARIOS_DIR);
    expect(DEFAULT_SCENARIOS_DIR).toBe(resolve(PACKAGE_ROOT, 'scenarios'));
    expect(existsSync(join(PACKAGE_ROOT, 'package.json'))).toBe(true);
    // the data dir is the current directory's own (an installed package's is not in node_modules)
    expect(c.dataDir).toBe(DEFAULT_DATA_DIR);
    expect(DEFAULT_DATA_DIR).toBe(join(process.cwd(), '.channel-sim'));
    expect(baseUrlOf(c, 'lft')).toBe('http://127.0.0.1:8105');
  });

  it('reads every setting from SIM_* environment variables', () => {
    const c = resolveConfig([], {
      SIM_HOST: '0.0.0.0',
      SIM_PORT_LFT: '9105',
      SIM_CHANNELS: 'lft',
      SIM_SCENARIOS_DIR: '/x/scen',
      SIM_DATA_DIR: '/x/data',
      SIM_TIME_SCALE: '0.001',
      SIM_ADMIN_TOKEN: 'tok',
      SIM_ADMIN_REMOTE: 'true',
      SIM_PUBLIC_URL_LFT: 'https://sim.example/lft/',
      SIM_LOG_LEVEL: 'warn',
    });
    expect(c).toMatchObject({
      host: '0.0.0.0',
      channels: ['lft'],
      scenariosDir: '/x/scen',
      dataDir: '/x/data',
      timeScale: 0.001,
      logLevel: 'warn',
    });
    expect(c.ports.lft).toBe(9105);
    expect(c.admin).toEqual({ token: 'tok', allowRemote: true });
    expect(c.publicUrls.lft).toBe('https://sim.example/lft');
    expect(baseUrlOf(c, 'lft')).toBe('https://sim.example/lft');
  });

  it('lets flags win over environment variables', () => {
    const c = resolveConfig(
      ['--host', '127.0.0.2', '--port-lft=7000', '--time-scale', '2', '--admin-token', 'flag', '--data-dir', '/f/data'],
      {
        SIM_HOST: '0.0.0.0',
        SIM_PORT_LFT: '9105',
        SIM_TIME_SCALE: '0.5',
        SIM_ADMIN_TOKEN: 'env',
        SIM_DATA_DIR: '/e/data',
      },
    );
    expect(c).toMatchObject({ host: '127.0.0.2', timeScale: 2, dataDir: '/f/data', admin: { token: 'flag' } });
    expect(c.ports.lft).toBe(7000);
  });

  it('accepts port 0 (any free port) and a wildcard host maps to loopback for local clients', () => {
    const c = resolveConfig(['--port-lft', '0', '--host', '0.0.0.0', '--admin-token', 't'], {});
    expect(c.ports.lft).toBe(0);
    expect(baseUrlOf(c, 'lft', 41234)).toBe('http://127.0.0.1:41234');
    expect(c.warnings).toEqual([]);
  });

  it('refuses a bad port, naming the flag and the environment variable', () => {
    expect(configError(['--port-lft', '99999']).message).toMatch(/--port-lft \/ SIM_PORT_LFT: "99999"/);
    expect(configError([], { SIM_PORT_LFT: 'eighty' }).message).toMatch(/--port-lft \/ SIM_PORT_LFT: "eighty"/);
    expect(configError(['--port-lft', '-1']).message).toMatch(/--port-lft/);
  });

  it('refuses unknown channels, unknown flags and bad values with the name at fault', () => {
    expect(configError(['--channels', 'lft,paypal']).message).toMatch(
      /--channels: unknown channel "paypal" \(known: lakala, dsp, unionpay, withhold, lft\)/,
    );
    expect(configError([], { SIM_CHANNELS: 'nope' }).message).toMatch(/SIM_CHANNELS: unknown channel "nope"/);
    expect(configError(['--frobnicate']).message).toMatch(/unknown option --frobnicate/);
    expect(configError(['--time-scale', '0']).message).toMatch(/--time-scale \/ SIM_TIME_SCALE/);
    expect(configError(['--log-level', 'loud']).message).toMatch(/--log-level \/ SIM_LOG_LEVEL: "loud"/);
    expect(configError([], { SIM_ADMIN_REMOTE: 'maybe' }).message).toMatch(/SIM_ADMIN_REMOTE/);
    expect(configError(['--public-url-lft', 'ftp://x']).message).toMatch(/--public-url-lft/);
    expect(configError(['--port-lft', '8101', '--channels', 'lakala,lft']).message).toMatch(
      /port 8101 is also lakala's/,
    );
  });

  it('turns persistence on with --persist or SIM_PERSIST, and refuses a value that is not a boolean', () => {
    expect(resolveConfig(['--persist'], {}).persist).toBe(true);
    expect(resolveConfig([], { SIM_PERSIST: 'true' }).persist).toBe(true);
    expect(resolveConfig([], { SIM_PERSIST: '0' }).persist).toBe(false);
    expect(resolveConfig([], { SIM_PERSIST: '' }).persist).toBe(false);
    expect(configError([], { SIM_PERSIST: 'sometimes' }).message).toMatch(
      /SIM_PERSIST: "sometimes" must be true or false/,
    );
    expect(configError(['--persist=yes']).message).toMatch(/--persist/);
  });

  it('bounds the order store and the journal: defaults, flags, env vars with K/M/G, and bad values refused', () => {
    expect(resolveConfig([], {})).toMatchObject({ maxOrders: 100_000, journalMaxBytes: 64 * 1024 * 1024 });
    expect(resolveConfig(['--max-orders', '500', '--journal-max-bytes', '1048576'], {})).toMatchObject({
      maxOrders: 500,
      journalMaxBytes: 1024 * 1024,
    });
    expect(resolveConfig([], { SIM_MAX_ORDERS: '7', SIM_JOURNAL_MAX_BYTES: '16M' })).toMatchObject({
      maxOrders: 7,
      journalMaxBytes: 16 * 1024 * 1024,
    });
    expect(resolveConfig(['--journal-max-bytes', '512k'], { SIM_JOURNAL_MAX_BYTES: '1G' }).journalMaxBytes).toBe(
      512 * 1024,
    );
    expect(resolveConfig(['--journal-max-bytes', '2GiB'], {}).journalMaxBytes).toBe(2 * 1024 ** 3);
    expect(configError(['--max-orders', '0']).message).toMatch(
      /--max-orders \/ SIM_MAX_ORDERS: "0" must be a whole number ≥ 1/,
    );
    expect(configError([], { SIM_MAX_ORDERS: '1e5' }).message).toMatch(/SIM_MAX_ORDERS/);
    expect(configError(['--journal-max-bytes', 'lots']).message).toMatch(
      /--journal-max-bytes \/ SIM_JOURNAL_MAX_BYTES: "lots" must be a byte count/,
    );
  });

  it('warns when binding a non-loopback host without an admin token', () => {
    expect(resolveConfig(['--host', '0.0.0.0'], {}).warnings).toEqual([
      expect.stringMatching(/binding 0\.0\.0\.0 without an admin token/),
    ]);
    expect(resolveConfig(['--admin-remote'], {}).warnings).toEqual([
      expect.stringMatching(/--admin-remote without --admin-token/),
    ]);
    expect(resolveConfig(['--host', '0.0.0.0', '--admin-token', 't'], {}).warnings).toEqual([]);
  });
});
