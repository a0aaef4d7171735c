import { describe, expect, test } from 'vitest';
import { markdownToHtml } from 'satteri';
import { codeBlockLabel, markdownAccessibility, tableRegionLabel, uniqueLabels } from '../../../src/course/markdown-a11y.ts';

// The plugin astro.config.mjs adds to Astro's Markdown processor, run on Markdown as the lessons write it.
async function render(markdown: string) {
  const { html } = await markdownToHtml(markdown, { hastPlugins: [markdownAccessibility()], features: { gfm: true } });
  return html;
}

const TABLE = '| Pattern | Strength |\n| --- | --- |\n| Search | Fast |\n';

describe('Markdown tables', () => {
  test('each sits in a focusable, labelled region that scrolls at phone width', async () => {
    const html = await render(TABLE);
    expect(html).toMatch(/^<div class="table-scroll" tabindex="0" role="region" aria-label="Table: Pattern, Strength"><table>/);
    expect(html.trim()).toMatch(/<\/table><\/div>$/);
  });

  test('two tables with the same columns on one page get different names', async () => {
    const labels = [...(await render(`${TABLE}\ntext\n\n${TABLE}`)).matchAll(/aria-label="([^"]+)"/g)].map((m) => m[1]);
    expect(labels).toEqual(['Table: Pattern, Strength', 'Table: Pattern, Strength (2)']);
  });

  test('names start again on each page', async () => {
    expect(await render(TABLE)).toContain('aria-label="Table: Pattern, Strength"');
    expect(await render(TABLE)).toContain('aria-label="Table: Pattern, Strength"');
  });

  test('the empty corner of a two-way table becomes a data cell, not a header that names nothing', async () => {
    const html = await render('| | Propagates | Does not |\n| --- | --- | --- |\n| **Records** | a | b |\n');
    expect(html).toMatch(/<thead>\s*<tr>\s*<td><\/td>\s*<th>Propagates<\/th>/);
    expect(html).toContain('aria-label="Table: Propagates, Does not"');
    expect(html).not.toMatch(/<th>\s*<\/th>/);
  });

  test('header cells with text stay headers', async () => {
    expect(await render(TABLE)).toMatch(/<th>Pattern<\/th>\s*<th>Strength<\/th>/);
  });
});

describe('labels', () => {
  test('a caption wins over the column headers; whitespace is collapsed', () => {
    expect(tableRegionLabel('  Votes\n per policy ', ['Policy'])).toBe('Votes per policy');
    expect(tableRegionLabel(undefined, ['', ' Step ', 'Time'])).toBe('Table: Step, Time');
    expect(tableRegionLabel(undefined, [])).toBe('Table');
  });

  test('repeated labels are numbered from the second', () => {
    const unique = uniqueLabels();
    expect(['a', 'b', 'a', 'a'].map(unique)).toEqual(['a', 'b', 'a (2)', 'a (3)']);
  });

  test('a code block is named by its title, else its language, and its place on the page', () => {
    expect(codeBlockLabel({ title: 'collector.yaml', language: 'yaml', position: 2 })).toBe('Code example 2: collector.yaml');
    expect(codeBlockLabel({ title: ' ', language: 'traceql', position: 1 })).toBe('Code example 1: traceql');
    expect(codeBlockLabel({ position: 3 })).toBe('Code example 3: text');
  });
});
