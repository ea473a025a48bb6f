import { describe, expect, it } from 'vitest';
import type { OptionSpec } from '../plugins/option-spec.js';
import { heldHostPorts, offeredChoices, resolveAnswers } from './resolve-answers.js';

const PYTHON: OptionSpec = {
  name: 'python',
  flag: 'python',
  type: 'string',
  description: 'Python',
  default: '3.12',
  choices: ['3.11', '3.12', '3.13'],
  offer: (answers) => (answers.version === 'old' ? ['3.11', '3.12'] : ['3.12', '3.13']),
};

const PLUGINS: OptionSpec = {
  name: 'plugins',
  flag: 'plugins',
  type: 'string[]',
  description: 'Plugins',
  default: [],
  offer: (_answers, { dir }) => ['built-in', ...(dir ? [`installed in ${dir}`] : [])],
};

describe('offeredChoices', () => {
  it('keeps the choices offer keeps; without choices, lists what offer lists for the folder', () => {
    expect(offeredChoices(PYTHON, { version: 'old' })).toEqual(['3.11', '3.12']);
    expect(offeredChoices(PLUGINS, {}, { dir: '/p' })).toEqual(['built-in', 'installed in /p']);
    expect(offeredChoices({ ...PLUGINS, offer: undefined }, {})).toEqual([]);
  });
});

describe('heldHostPorts', () => {
  const PORT: OptionSpec = {
    name: 'port',
    flag: 'db-port',
    type: 'number',
    description: 'port',
    default: 5432,
    hostPort: true,
  };

  it("holds the stored ports, a default for one not stored, and refuses the same port at another owner's question", async () => {
    const held = heldHostPorts([
      { owner: 'db', specs: [PORT], answers: {} },
      { owner: 'ui', specs: [{ ...PORT, flag: 'ui-port' }], answers: { port: 8080 } },
    ]);
    expect([...held]).toEqual([
      [5432, 'db.port (--db-port)'],
      [8080, 'ui.port (--ui-port)'],
    ]);
    await expect(
      resolveAnswers(
        'broker',
        [{ ...PORT, flag: 'broker-port' }],
        { flags: { 'broker-port': '8080' }, file: {}, stored: {} },
        { defaults: true, interactive: false, hostPorts: held },
        async () => undefined,
      ),
    ).rejects.toThrow(
      "Invalid broker.port (--broker-port): 8080; host port 8080 is already ui.port (--ui-port)'s: choose another port.",
    );
  });
});

describe('resolveAnswers: a flag for a question the other answers skip', () => {
  const GRAFANA: OptionSpec = {
    name: 'grafana',
    flag: 'grafana',
    type: 'boolean',
    description: 'Grafana',
    default: false,
  };
  const GRAFANA_PORT: OptionSpec = {
    name: 'grafanaPort',
    flag: 'grafana-port',
    type: 'number',
    description: 'Grafana port',
    default: 3000,
    when: (answers) => answers.grafana === true,
  };
  const KERBEROS: OptionSpec = {
    name: 'kerberos',
    flag: 'kerberos',
    type: 'string',
    description: 'Kerberos',
    default: 'none',
    choices: ['none', 'host', 'keytab'],
  };
  const KEYTAB: OptionSpec = {
    name: 'keytab',
    flag: 'keytab',
    type: 'string',
    description: 'Keytab',
    default: '',
    when: (answers) => answers.kerberos === 'keytab',
  };
  const resolve = (specs: OptionSpec[], flags: Record<string, unknown>, stored = {}) =>
    resolveAnswers(
      'o',
      specs,
      { flags, file: {}, stored },
      { defaults: true, interactive: false },
      async () => undefined,
    );

  it('refuses it, naming the answer it needs, rather than store an answer nothing uses', async () => {
    await expect(resolve([GRAFANA, GRAFANA_PORT], { 'grafana-port': '3001' })).rejects.toThrow(
      '--grafana-port 3001 does not apply with the other answers given: it needs --grafana; add --grafana, or drop --grafana-port.',
    );
    await expect(resolve([KERBEROS, KEYTAB], { keytab: 'a.keytab', kerberos: 'host' })).rejects.toThrow(
      '--keytab a.keytab does not apply with the other answers given: it needs --kerberos keytab; add --kerberos keytab, or drop --keytab.',
    );
  });

  it("gives the question's own reason when it has one, never suggests an answer that is refused, and spells --no-", async () => {
    const TARGET: OptionSpec = {
      name: 'target',
      flag: 'target',
      type: 'string',
      description: 'Target',
      default: 'kubernetes',
      choices: ['compose', 'kubernetes'],
    };
    const SOURCE: OptionSpec = {
      name: 'source',
      flag: 'source',
      type: 'string',
      description: 'Source',
      default: 'manual',
      choices: ['manual', 'vault'],
      when: (answers) => answers.target === 'kubernetes',
      validate: (value, answers) =>
        value !== 'manual' && answers.target === 'compose' ? 'compose reads secrets from .env' : undefined,
    };
    const STORE: OptionSpec = {
      name: 'store',
      flag: 'store',
      type: 'string',
      description: 'Store',
      default: '',
      when: (answers) => answers.source !== 'manual',
    };
    await expect(resolve([TARGET, SOURCE, STORE], { target: 'compose', source: 'vault' })).rejects.toThrow(
      'Invalid o.source (--source): "vault"; compose reads secrets from .env',
    );
    await expect(resolve([TARGET, SOURCE, STORE], { target: 'compose', store: 'x' })).rejects.toThrow(
      '--store x does not apply with the other answers given; drop --store.',
    );
    const TLS: OptionSpec = { ...GRAFANA_PORT, name: 'tls', flag: 'tls', type: 'boolean', default: true };
    await expect(resolve([GRAFANA, TLS], { tls: 'false' })).rejects.toThrow(
      '--no-tls does not apply with the other answers given: it needs --grafana; add --grafana, or drop --tls.',
    );
  });

  it('takes it with the answer it needs, from a flag or from .yo-rc.json; a stored answer it skips is kept', async () => {
    expect(await resolve([GRAFANA, GRAFANA_PORT], { grafana: true, 'grafana-port': '3001' })).toEqual({
      grafana: true,
      grafanaPort: 3001,
    });
    expect(await resolve([GRAFANA, GRAFANA_PORT], { 'grafana-port': '3001' }, { grafana: true })).toEqual({
      grafana: true,
      grafanaPort: 3001,
    });
    expect(await resolve([GRAFANA, GRAFANA_PORT], {}, { grafanaPort: 3005 })).toEqual({
      grafana: false,
      grafanaPort: 3005,
    });
  });
});
