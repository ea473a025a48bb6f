import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugins/public-api.js';
import { buildStack } from './build-stack.js';

describe('buildStack', () => {
  it('names the plugin whose contribute() throws', () => {
    const boom = definePlugin({
      name: 'data-eng-plugin-boom',
      apiVersion: 1,
      contribute() {
        throw new Error('contribute boom');
      },
    });
    expect(() => buildStack({ project: { name: 'p' } }, [{ definition: boom, answers: {} }])).toThrow(
      'data-eng-plugin-boom: contribute() failed: contribute boom',
    );
  });
});
