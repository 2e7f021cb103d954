import { describe, expect, it } from 'vitest';
import { formatTable } from '../../src/kubectl/tabwriter.js';

describe('formatTable (kubectl tab writer)', () => {
  it('pads every column but the last to its widest cell plus three spaces', () => {
    const out = formatTable([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['api-pod', '1/1', 'Running', '0', '12s'],
    ]);
    expect(out).toBe('NAME      READY   STATUS    RESTARTS   AGE\napi-pod   1/1     Running   0          12s\n');
  });

  it('keeps narrow columns at least six wide', () => {
    expect(formatTable([['A', 'B'], ['x', 'y']])).toBe('A     B\nx     y\n');
  });
});
