import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, readLessons } from './lessons.ts';

const DIR = join(ROOT, 'src', 'components', 'diagrams');
const components = readdirSync(DIR).filter((f) => f.endsWith('.astro'));
const lessonSources = readLessons().map((l) => l.source).join('\n');

// Each ASCII diagram of the source outline has a component.
const OUTLINE_DIAGRAMS = [
  'TraceWaterfall',
  'TraceparentFields',
  'SpanBoundaries',
  'BackendDecision',
  'CollectorPath',
  'VolumeMath',
  'CorrelationFlow',
  'CoverageChecklist',
];

describe('diagram components', () => {
  it('exist for every diagram of the outline, and each one is used by a lesson', () => {
    for (const name of OUTLINE_DIAGRAMS) {
      expect(components).toContain(`${name}.astro`);
      expect(lessonSources, `${name} is imported by a lesson`).toMatch(new RegExp(`import ${name} from '\\.\\./\\.\\./src/components/diagrams/${name}\\.astro'`));
    }
  });

  it.each(components)('%s is an accessible figure with a text alternative', (file) => {
    const source = readFileSync(join(DIR, file), 'utf8');
    expect(source).toMatch(/role="img"/);
    expect(source).toMatch(/aria-label=/);
    expect(source).toMatch(/aria-describedby=/);
    expect(source).toMatch(/<figcaption/);
    expect(source).toMatch(/class="sr-only"/);
  });

  it.each(components)('%s takes its colours from Starlight’s theme variables and ships no script', (file) => {
    const source = readFileSync(join(DIR, file), 'utf8');
    const style = /<style>([\s\S]*?)<\/style>/.exec(source)?.[1] ?? '';
    expect(style).not.toMatch(/#[0-9a-fA-F]{3,8}\b/);
    expect(style).not.toMatch(/\brgba?\(/);
    expect(source).not.toMatch(/<script/);
  });

  it('the shared stylesheet uses only theme colours', () => {
    const css = readFileSync(join(DIR, 'diagram.css'), 'utf8');
    expect(css).not.toMatch(/#[0-9a-fA-F]{3,8}\b/);
    expect(css).not.toMatch(/\brgba?\(/);
    expect(css).toMatch(/var\(--sl-color-/);
  });
});
