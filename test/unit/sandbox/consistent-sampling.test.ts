import { describe, expect, it } from 'vitest';
import {
  equalize,
  keeps,
  otTraceState,
  probabilityToTh,
  proportional,
  thresholdToProbability,
  thToThreshold,
  traceRandomness,
} from '../../../src/sandbox/consistent-sampling';
import { createRandom } from '../../../src/shared/random.ts';

// Expected values are the specification's own table and examples
// (open-telemetry/opentelemetry-specification,
// specification/trace/tracestate-probability-sampling.md: "Converting
// floating-point probability to threshold value", "Rejection Threshold") and
// the probabilistic sampler processor's README
// (open-telemetry/opentelemetry-collector-contrib,
// processor/probabilisticsamplerprocessor/README.md, "Sampling threshold information").

describe('probability to th', () => {
  it.each([
    [1, '0'],
    [0.5, '8'],
    [1 / 3, 'aaab'],
    [0.25, 'c'],
    [0.2, 'cccd'],
    [0.125, 'e'],
    [0.1, 'e666'],
    [0.0625, 'f'],
    [0.01, 'fd70a'],
    [0.001, 'ffbe77'],
    [0.0001, 'fff9724'],
    [0.000001, 'ffffef39'],
  ])('p = %s at precision 4 is th:%s', (p, th) => {
    expect(probabilityToTh(p, 4)).toBe(th);
  });

  it('precision 3 and 5 match the table too', () => {
    expect(probabilityToTh(0.1, 3)).toBe('e66');
    expect(probabilityToTh(0.1, 5)).toBe('e6666');
    expect(probabilityToTh(0.01, 5)).toBe('fd70a4');
  });

  it('rejects a probability of 0, which is not probability sampling', () => {
    expect(() => probabilityToTh(0)).toThrow(RangeError);
  });
});

describe('threshold arithmetic', () => {
  it('a th value pads to 56 bits on the right: 1% is 0xfd70a400000000', () => {
    expect(thToThreshold('fd70a4')).toBe(0xfd70a400000000n);
    expect(thresholdToProbability(thToThreshold('c'))).toBe(0.25);
  });

  it('the README example: randomness 9b8233f7e3a151 passes a 50% sampler (th:8) and not a 25% one (th:c)', () => {
    const rv = BigInt('0x9b8233f7e3a151');
    expect(keeps(rv, thToThreshold('8'))).toBe(true);
    expect(keeps(rv, thToThreshold('c'))).toBe(false);
    expect(otTraceState('8', '9b8233f7e3a151')).toBe('ot=th:8;rv:9b8233f7e3a151');
  });

  it('randomness is the trace id’s last 14 hex digits', () => {
    expect(traceRandomness('4bf92f3577b34da6a3ce929d0e0e4736')).toBe(0xce929d0e0e4736n);
  });
});

describe('consistency across tiers', () => {
  const random = createRandom(42);
  const ids = Array.from({ length: 4000 }, () => Array.from({ length: 32 }, () => Math.floor(random.next() * 16).toString(16)).join(''));
  const keptAt = (th: string) => new Set(ids.filter((id) => keeps(traceRandomness(id), thToThreshold(th))));

  it('whatever a 10% sampler keeps, a 50% sampler keeps too', () => {
    const ten = keptAt(probabilityToTh(0.1));
    const fifty = keptAt(probabilityToTh(0.5));
    expect([...ten].every((id) => fifty.has(id))).toBe(true);
    expect(ten.size / ids.length).toBeGreaterThan(0.08);
    expect(ten.size / ids.length).toBeLessThan(0.12);
    expect(fifty.size / ids.length).toBeGreaterThan(0.46);
  });

  it('equalizing to 10% passes spans already kept at 10% one for one and thins spans kept at 100%', () => {
    const passedFromHead10 = ids.filter((id) => keeps(traceRandomness(id), thToThreshold('e666')));
    for (const id of passedFromHead10) expect(equalize('e666', 'e666', traceRandomness(id))).toEqual({ kept: true, th: 'e666' });
    const fromFull = ids.filter((id) => equalize('0', 'e666', traceRandomness(id)).kept);
    expect(new Set(fromFull)).toEqual(new Set(passedFromHead10));
  });

  it('equalizing never lowers a threshold: a span kept at 1% leaves a 10% stage with th:fd70a', () => {
    const id = ids.find((x) => keeps(traceRandomness(x), thToThreshold('fd70a')))!;
    expect(equalize('fd70a', 'e666', traceRandomness(id))).toEqual({ kept: true, th: 'fd70a' });
  });

  it('proportional at 50% on spans kept at 50% leaves a quarter, written th:c', () => {
    const id = ids.find((x) => keeps(traceRandomness(x), thToThreshold('c')))!;
    expect(proportional('8', 0.5, traceRandomness(id))).toEqual({ kept: true, th: 'c' });
    const between = ids.find((x) => keeps(traceRandomness(x), thToThreshold('8')) && !keeps(traceRandomness(x), thToThreshold('c')))!;
    expect(proportional('8', 0.5, traceRandomness(between))).toEqual({ kept: false });
  });
});
