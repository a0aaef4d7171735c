import { describe, expect, it } from 'vitest';
import { formatClock, formatValue, shortId } from '../../../../src/sandbox/view/format';

describe('formatting', () => {
  it('formats chart values, clock times and ids', () => {
    expect(formatValue(1234.5)).toBe('1,235');
    expect(formatValue(0.12345)).toBe('0.123');
    expect(formatClock(Date.UTC(2025, 5, 2, 9, 30, 5, 250), true)).toBe('09:30:05.250');
    expect(shortId('f115372cd9527dbe9221ea3db8e8fb47')).toBe('f115372c…');
  });
});
