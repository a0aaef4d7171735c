import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatPercent, percentNumber } from '../../../src/shared/format';

describe('counts', () => {
  it('group thousands with commas and show whole numbers', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(950)).toBe('950');
    expect(formatCount(2000)).toBe('2,000');
    expect(formatCount(20222)).toBe('20,222');
    expect(formatCount(1234567.6)).toBe('1,234,568');
  });
});

describe('percentages', () => {
  it('have one decimal at most and no space before the sign', () => {
    expect(formatPercent(2 / 3)).toBe('66.7%');
    expect(formatPercent(0.064)).toBe('6.4%');
    expect(formatPercent(0.1)).toBe('10%');
    expect(formatPercent(0.7)).toBe('70%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
  });

  it('keep two decimals below 1%, so a tiny share is not shown as none', () => {
    expect(formatPercent(0.0025)).toBe('0.25%');
    expect(formatPercent(0.00001)).toBe('0%');
  });

  it('give the same number to data files, without the sign', () => {
    expect(percentNumber(2 / 3)).toBe(66.7);
    expect(percentNumber(0.7)).toBe(70);
    expect(percentNumber(0)).toBe(0);
  });
});

describe('durations', () => {
  it('are milliseconds below a second, with fewer decimals as they grow', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(0.85)).toBe('0.85 ms');
    expect(formatDuration(5)).toBe('5 ms');
    expect(formatDuration(57.576)).toBe('57.6 ms');
    expect(formatDuration(140)).toBe('140 ms');
    expect(formatDuration(999.94)).toBe('999.9 ms');
  });

  it('are seconds from one second up', () => {
    expect(formatDuration(1000)).toBe('1 s');
    expect(formatDuration(1240)).toBe('1.24 s');
    expect(formatDuration(2500)).toBe('2.5 s');
    expect(formatDuration(10_000)).toBe('10 s');
  });
});
