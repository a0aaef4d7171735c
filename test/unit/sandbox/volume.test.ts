import { describe, expect, it } from 'vitest';
import { checkVolumeInput, computeVolume, formatBytes, formatCountInWords } from '../../../src/sandbox/volume';

describe('volume arithmetic', () => {
  it('200 req/s × 12 spans × 500 B, 10 % kept, 14 days', () => {
    // 200 × 12 = 2,400 spans/s; × 86,400 s = 207,360,000 spans/day; × 500 B = 103.68 GB/day produced.
    // 10 % kept: 20,736,000 spans/day, 10.368 GB/day; 14 days stored: 145.152 GB.
    const result = computeVolume({ requestsPerSecond: 200, spansPerRequest: 12, bytesPerSpan: 500, samplingShare: 0.1, retentionDays: 14 });
    expect(result.producedSpansPerSecond).toBe(2400);
    expect(result.producedSpansPerDay).toBe(207_360_000);
    expect(result.producedBytesPerDay).toBe(103_680_000_000);
    expect(result.keptSpansPerDay).toBeCloseTo(20_736_000, 3);
    expect(result.keptBytesPerDay).toBeCloseTo(10_368_000_000, 0);
    expect(result.storedBytes).toBeCloseTo(145_152_000_000, 0);
    expect(result.text).toEqual({
      producedSpansPerDay: '207 million spans/day',
      keptSpansPerDay: '20.7 million spans/day',
      producedBytesPerDay: '104 GB/day',
      keptBytesPerDay: '10.4 GB/day',
      storedBytes: '145 GB stored over 14 days',
    });
  });

  it('keeping everything for 30 days at 1,000 req/s, 20 spans, 1 kB', () => {
    // 1,000 × 20 × 1,000 B × 86,400 = 1.728 TB/day; × 30 = 51.84 TB.
    const result = computeVolume({ requestsPerSecond: 1000, spansPerRequest: 20, bytesPerSpan: 1000, samplingShare: 1, retentionDays: 30 });
    expect(result.keptBytesPerDay).toBe(1_728_000_000_000);
    expect(result.storedBytes).toBe(51_840_000_000_000);
    expect(result.text.keptBytesPerDay).toBe('1.73 TB/day');
    expect(result.text.storedBytes).toBe('51.8 TB stored over 30 days');
  });

  it('formats counts and decimal bytes', () => {
    expect(formatCountInWords(950)).toBe('950');
    expect(formatCountInWords(3_456_000_000)).toBe('3.46 billion');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.50 kB');
  });

  it('names the field a learner got wrong', () => {
    expect(checkVolumeInput({ requestsPerSecond: 10, spansPerRequest: 5, bytesPerSpan: 500, samplingShare: 10, retentionDays: 7 })).toEqual(
      {
        ok: false,
        field: 'samplingShare',
        message: 'the sampling share is between 0 and 1 (0.1 keeps 10%)',
      },
    );
    expect(
      checkVolumeInput({ requestsPerSecond: -1, spansPerRequest: 5, bytesPerSpan: 500, samplingShare: 0.1, retentionDays: 7 }),
    ).toMatchObject({
      ok: false,
      field: 'requestsPerSecond',
    });
    expect(
      checkVolumeInput({ requestsPerSecond: 10, spansPerRequest: 5, bytesPerSpan: 500, samplingShare: 0.1, retentionDays: 7 }),
    ).toEqual({ ok: true });
  });
});
