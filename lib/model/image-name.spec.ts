import { describe, expect, it } from 'vitest';
import { builtImageName, imageRepository } from './image-name.js';

describe('image names', () => {
  it('names a build <project>-<build>:<target>', () => {
    expect(builtImageName('sales', 'airflow', 'runtime')).toBe('sales-airflow:runtime');
  });

  it('makes a repository name Docker accepts', () => {
    expect(imageRepository('Sales', 'air flow')).toBe('sales-air-flow');
  });
});
