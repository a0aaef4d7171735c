import { describe, expect, it } from 'vitest';
import { formatClock, formatInteger, formatMs, formatPercent, formatValue, shortId } from '../../../src/sandbox/view/format';

describe('formatting', () => {
  it('formats counts, shares, values and times', () => {
    expect(formatInteger(20222)).toBe('20,222');
    expect(formatPercent(0.064)).toBe('6.4 %');
    expect(formatPercent(0.1)).toBe('10 %');
    expect(formatPercent(0.0025)).toBe('0.25 %');
    expect(formatPercent(0)).toBe('0 %');
    expect(formatValue(1234.5)).toBe('1,235');
    expect(formatValue(0.12345)).toBe('0.123');
    expect(formatMs(57.576)).toBe('57.6 ms');
    expect(formatMs(1240)).toBe('1.24 s');
    expect(formatClock(Date.UTC(2025, 5, 2, 9, 30, 5, 250), true)).toBe('09:30:05.250');
    expect(shortId('f115372cd9527dbe9221ea3db8e8fb47')).toBe('f115372c…');
  });
});
