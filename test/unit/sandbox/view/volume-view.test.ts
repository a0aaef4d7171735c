import { describe, expect, it } from 'vitest';
import { checkVolumeInput, computeVolume } from '../../../../src/sandbox/volume';
import { readVolumeForm, volumeCalculatorView, volumeSteps } from '../../../../src/sandbox/view/volume-view';

const lesson = { requestsPerSecond: '2,000', spansPerRequest: '35', bytesPerSpan: '900', samplingShare: '0.1', retentionDays: '7' };

describe('volume calculator form', () => {
  it('reads numbers with thousands separators', () => {
    expect(readVolumeForm(lesson)).toEqual({
      requestsPerSecond: 2000,
      spansPerRequest: 35,
      bytesPerSpan: 900,
      samplingShare: 0.1,
      retentionDays: 7,
    });
  });

  it('turns empty or unreadable text into a value the engine rejects, naming the field', () => {
    const read = readVolumeForm({ ...lesson, bytesPerSpan: '' });
    expect(read.bytesPerSpan).toBeNaN();
    const check = checkVolumeInput(read);
    expect(check).toMatchObject({ ok: false, field: 'bytesPerSpan' });
    expect(readVolumeForm({ ...lesson, spansPerRequest: '35 spans' }).spansPerRequest).toBeNaN();
    expect(checkVolumeInput(readVolumeForm({ ...lesson, samplingShare: '10' }))).toMatchObject({ ok: false, field: 'samplingShare' });
  });

  it('writes the lesson’s arithmetic out step by step', () => {
    const input = readVolumeForm(lesson);
    const steps = volumeSteps(input, computeVolume(input));
    expect(steps.map((s) => `${s.expression} = ${s.result}`)).toEqual([
      '2,000 requests/s × 35 spans/request = 70,000 spans/s',
      '70,000 spans/s × 86,400 s/day = 6.05 billion spans/day',
      '6.05 billion spans/day × 900 bytes/span = 5.44 TB/day',
      '5.44 TB/day × 0.1 (keeps 10%) = 544 GB/day',
      '544 GB/day × 7 days = 3.81 TB',
    ]);
  });
});

describe('what the volume calculator shows', () => {
  it('the lesson’s numbers: 5.44 TB produced a day, 544 GB kept, 3.81 TB stored over a week', () => {
    const view = volumeCalculatorView(lesson);
    if (!view.ok) throw new Error(view.message);
    expect(view).toMatchObject({ producedBytesPerDay: '5.44 TB/day', keptBytesPerDay: '544 GB/day', stored: '3.81 TB', retentionDays: 7 });
    expect(view.steps).toHaveLength(5);
    expect(view.steps[0]).toMatchObject({ expression: '2,000 requests/s × 35 spans/request', result: '70,000 spans/s' });
  });

  it('a field that is not a number names that field, and nothing is computed', () => {
    const view = volumeCalculatorView({ ...lesson, bytesPerSpan: 'lots' });
    expect(view).toEqual({ ok: false, field: 'bytesPerSpan', message: expect.stringContaining('must be a number') });
  });

  it('is plain data, so the build can hand it to the page', () => {
    const view = volumeCalculatorView(lesson);
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});
