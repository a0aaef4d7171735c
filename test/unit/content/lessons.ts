// Reads the module's lessons the way the content tests need them: frontmatter,
// fenced code blocks (with their fence meta) and the interactive markers.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const DOCS = join(ROOT, 'content', 'docs');

/** The lessons this module's content owns, in course order (the lab page is written elsewhere). */
export const LESSON_SLUGS = [
  'overview',
  'trace-anatomy',
  'worked-example',
  'backends',
  'sampling',
  'correlation',
  'production',
  'review',
  'module-quiz',
  'sources',
  'collector-tiers',
  'span-metrics',
  'traceql-deep-dive',
] as const;
export type LessonSlug = (typeof LESSON_SLUGS)[number];

export interface CodeBlock {
  lang: string;
  meta: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
}

export interface Marker {
  kind: string;
  arg: string;
  line: number;
}

export interface Lesson {
  slug: LessonSlug;
  file: string;
  source: string;
  frontmatter: Record<string, unknown>;
  body: string;
  /** Line number of the body's first line in the file. */
  bodyStart: number;
  blocks: CodeBlock[];
  markers: Marker[];
}

const FENCE = /^(\s*)(`{3,}|~{3,})([\w-]*)\s*(.*)$/;
const MARKER = /^\{\/\*\s*([a-z-]+)(?::\s*(.*?))?\s*\*\/\}$/;
// The components that stand where a marker was; each reads back as the marker it replaced.
const COMPONENT_KINDS: Record<string, string> = {
  Quiz: 'quiz',
  Prediction: 'prediction',
  SourceFile: 'source',
  CheckoutSandbox: 'sandbox',
  TraceQLPlayground: 'traceql-playground',
  SamplingLab: 'sampling-lab',
  VolumeCalculator: 'volume-calculator',
  ExemplarExplorer: 'exemplars',
  RedactionLab: 'redaction',
};
const COMPONENT = /^<([A-Z]\w+)\b(.*?)\/>$/;

/** A component tag on its own line, read as the marker it stands for (or null). */
function componentMarker(line: string): { kind: string; arg: string } | null {
  const tag = COMPONENT.exec(line);
  const kind = tag && COMPONENT_KINDS[tag[1]!];
  if (!tag || !kind) return null;
  const attrs = tag[2]!;
  const str = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1] ?? '';
  const expr = (name: string) => new RegExp(`\\b${name}=\\{(.*?)\\}(?=\\s+\\w+=|\\s*$)`).exec(attrs)?.[1] ?? 'null';
  if (kind === 'quiz') return { kind, arg: str('bank') };
  if (kind === 'prediction') return { kind, arg: str('id') };
  if (kind === 'source') return { kind, arg: str('path') };
  if (kind === 'sandbox') return { kind, arg: `{"scenario":${expr('scenario')},"controls":${expr('controls')}}` };
  return { kind, arg: '' };
}

export function readLesson(slug: LessonSlug): Lesson {
  const file = join(DOCS, `${slug}.mdx`);
  const source = readFileSync(file, 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(source);
  if (!match) throw new Error(`${file}: no frontmatter block`);
  const frontmatter = parseYaml(match[1]!) as Record<string, unknown>;
  const body = source.slice(match[0].length);
  const bodyStart = match[0].split('\n').length;
  const lines = body.split('\n');
  const blocks: CodeBlock[] = [];
  const markers: Marker[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      const [, indent = '', ticks = '', lang = '', meta = ''] = fence;
      const code: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const l = lines[j]!;
        if (l.trim().startsWith(ticks) && l.trim().replace(/[`~]/g, '') === '') break;
        code.push(l.startsWith(indent) ? l.slice(indent.length) : l.trimStart());
      }
      blocks.push({ lang, meta: meta.trim(), code: code.join('\n'), line: bodyStart + i });
      i = j;
      continue;
    }
    const marker = MARKER.exec(line.trim());
    if (marker) markers.push({ kind: marker[1]!, arg: (marker[2] ?? '').trim(), line: bodyStart + i });
    const component = componentMarker(line.trim());
    if (component) markers.push({ ...component, line: bodyStart + i });
  }
  return { slug, file, source, frontmatter, body, bodyStart, blocks, markers };
}

export function readLessons(): Lesson[] {
  return LESSON_SLUGS.map(readLesson);
}

export function readYaml<T = unknown>(...parts: string[]): T {
  return parseYaml(readFileSync(join(ROOT, ...parts), 'utf8')) as T;
}

export function exists(relativePath: string): boolean {
  return existsSync(join(ROOT, relativePath));
}
