import { describe, expect, it } from '@jest/globals';
import { outcomeIcon, statusIcon } from '../src/format.js';

// Numbers and changes are written by @mlgate/core (tested in packages/core/test/format.test.ts).

describe('icons', () => {
  it('has one per outcome and status', () => {
    expect([outcomeIcon('pass'), outcomeIcon('fail'), outcomeIcon('inconclusive')]).toEqual([
      '✅',
      '❌',
      '⚠️',
    ]);
    expect([statusIcon('pass'), statusIcon('fail'), statusIcon('warn'), statusIcon('inconclusive')]).toEqual([
      '✅',
      '❌',
      '⚠️',
      '❔',
    ]);
  });
});
