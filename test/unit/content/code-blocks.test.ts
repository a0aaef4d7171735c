import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { parser as traceqlParser } from '@grafana/lezer-traceql';
import { ROOT, readLessons, type CodeBlock, type Lesson } from './lessons.ts';

const lessons = readLessons();
const all = lessons.flatMap((lesson) => lesson.blocks.map((block) => ({ lesson, block })));
const where = (lesson: Lesson, block: CodeBlock) => `${lesson.slug}.mdx:${block.line}`;
const ofLang = (...langs: string[]) => all.filter(({ block }) => langs.includes(block.lang));

function traceqlErrors(query: string): number[] {
  const positions: number[] = [];
  traceqlParser.parse(query).iterate({
    enter(node) {
      if (node.type.isError) positions.push(node.from);
    },
  });
  return positions;
}

describe('code blocks in the lessons', () => {
  it('every block names its language', () => {
    const unnamed = all.filter(({ block }) => block.lang === '').map(({ lesson, block }) => where(lesson, block));
    expect(unnamed).toEqual([]);
  });

  it('no block is an ASCII-art diagram (diagrams are components)', () => {
    const art = all.filter(({ block }) => /[┌┐└┘├┤│─▶◀▼▲]/.test(block.code)).map(({ lesson, block }) => where(lesson, block));
    expect(art).toEqual([]);
  });

  it.each(ofLang('yaml', 'yml').map(({ lesson, block }) => [where(lesson, block), block.code] as const))(
    'YAML block %s parses',
    (_where, code) => {
      const docs = parseAllDocuments(code);
      const errors = docs.flatMap((d) => d.errors.map((e) => e.message));
      expect(errors).toEqual([]);
      expect(docs.every((d) => d.toJS() !== null)).toBe(true);
    },
  );

  it.each(ofLang('json').map(({ lesson, block }) => [where(lesson, block), block.code] as const))(
    'JSON block %s parses',
    (_where, code) => {
      expect(() => JSON.parse(code)).not.toThrow();
    },
  );

  it('there are TraceQL examples, and each one parses with Grafana’s grammar', () => {
    const blocks = ofLang('traceql');
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    const broken = blocks
      .map(({ lesson, block }) => ({ at: where(lesson, block), query: block.code.trim(), errors: traceqlErrors(block.code.trim()) }))
      .filter((b) => b.errors.length > 0);
    expect(broken).toEqual([]);
  });

  it('the TraceQL form the lessons warn about really does not parse', () => {
    // If the grammar ever accepts it, the caution in the backends lesson must change.
    expect(traceqlErrors('{ duration > 250ms } | count() by (resource.service.name)')).not.toEqual([]);
    expect(traceqlErrors('{ status = error } | by(resource.service.name) | count() > 1')).toEqual([]);
  });
});

describe('TypeScript blocks', () => {
  const blocks = ofLang('ts', 'typescript');
  const checked = blocks.filter(({ block }) => !/\bfragment\b/.test(block.meta));

  it('parse without syntax errors (fragments included)', () => {
    const broken = blocks
      .map(({ lesson, block }) => {
        const file = ts.createSourceFile('block.ts', block.code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
        const diagnostics = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics ?? [];
        return { at: where(lesson, block), messages: diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')) };
      })
      .filter((b) => b.messages.length > 0);
    expect(broken).toEqual([]);
  });

  it('type-check against the installed OpenTelemetry packages, unless marked as fragments', () => {
    expect(checked.length).toBeGreaterThanOrEqual(4);
    const files = new Map(
      checked.map(({ lesson, block }, i) => {
        const code = /^\s*(import|export)\s/m.test(block.code) ? block.code : `${block.code}\nexport {};\n`;
        return [join(ROOT, `__lesson_block_${i}.ts`), { at: where(lesson, block), code }] as const;
      }),
    );
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: ['node'],
      skipLibCheck: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (name) => files.get(name)?.code ?? readFile(name);
    host.fileExists = (name) => files.has(name) || fileExists(name);
    host.getSourceFile = (name, version, onError, create) => {
      const virtual = files.get(name);
      return virtual ? ts.createSourceFile(name, virtual.code, version, true) : getSourceFile(name, version, onError, create);
    };
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.has(d.file.fileName))
      .map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${files.get(d.file!.fileName)!.at} (+${line + 1}): ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      });
    expect(problems).toEqual([]);
  });
});
