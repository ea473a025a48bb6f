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
