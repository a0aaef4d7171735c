import { describe, expect, it } from 'vitest';
import { grade } from '../../../src/course/question-types/index.ts';
import { loadCourseContentOrThrow } from '../../../src/node/load-content.ts';

// Questions with a typed answer must accept every form that means the same,
// and name the misconception behind the forms that look close but are wrong.

const content = loadCourseContentOrThrow('content');
const question = (id: string) => {
  const q = content.questions.get(id)?.question;
  if (!q) throw new Error(`no question ${id}`);
  return q;
};

describe('the TraceQL grouping stage in the module quiz', () => {
  const q = question('module-traceql-group-stage');

  it.each(['by(resource.service.name)', 'by(.service.name)', 'BY ( resource.service.name )'])('accepts %s', (text) => {
    expect(grade(q, { text }).score).toBe(1);
  });

  it('names the scope mistake and the count() by (…) form', () => {
    expect(grade(q, { text: 'by(span.service.name)' })).toMatchObject({ score: 0, misconceptions: ['resource-vs-span-attributes'] });
    expect(grade(q, { text: 'count() by (resource.service.name)' })).toMatchObject({ score: 0, misconceptions: ['traceql-count-by'] });
  });
});

describe('the console duration in the worked example', () => {
  const q = question('worked-console-duration');

  it('wants the milliseconds over the 300 ms objective', () => {
    expect(grade(q, { value: 220.8 }).score).toBe(1);
    expect(grade(q, { value: '221' }).score).toBe(1);
  });

  it('explains the microsecond misreading and the forgotten subtraction', () => {
    const micro = grade(q, { value: 520512.4 });
    const whole = grade(q, { value: 520.8 });
    expect(micro.score).toBe(0);
    expect(micro.feedback).toContainEqual(expect.objectContaining({ kind: 'message', text: expect.stringContaining('microseconds') }));
    expect(whole.score).toBe(0);
    expect(whole.feedback).toContainEqual(expect.objectContaining({ kind: 'message', text: expect.stringContaining('300 ms objective') }));
  });
});
