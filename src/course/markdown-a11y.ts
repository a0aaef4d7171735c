// Build-time fixes for what Markdown and Expressive Code render, so every lesson's tables and
// code blocks pass axe at phone width without each author remembering to. Used by astro.config.mjs.
import type { HastPluginDefinition, PluginFactoryContext } from 'satteri';
import type { Element, ElementContent } from 'hast';

/** The accessible name of a wide-table wrapper: the caption if the table has one, else its column headers. */
export function tableRegionLabel(caption: string | undefined, headers: string[]): string {
  const text = (caption ?? '').replace(/\s+/g, ' ').trim();
  if (text) return text;
  const columns = headers.map((h) => h.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return columns.length > 0 ? `Table: ${columns.join(', ')}` : 'Table';
}

/** Makes a label unique on its page ("…", "… (2)", "… (3)"): axe's landmark-unique wants distinct region names. */
export function uniqueLabels(): (label: string) => string {
  const seen = new Map<string, number>();
  return (label) => {
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} (${count})`;
  };
}

const isElement = (node: ElementContent | undefined): node is Element => node?.type === 'element';
const childElements = (node: Element, tagName: string) =>
  node.children.filter((child): child is Element => isElement(child) && child.tagName === tagName);

/**
 * Satteri hast plugin (Astro's Markdown pipeline, .md and .mdx). It must run after Expressive Code's. For every
 * Markdown table it:
 * - wraps it in `<div class="table-scroll" tabindex="0" role="region" aria-label="…">`, so a table wider than a
 *   phone scrolls inside a box the keyboard can reach (axe: scrollable-region-focusable), named by its caption or
 *   column headers, unique on the page (landmark-unique);
 * - turns an empty header cell (the corner of a two-way table) into a data cell: a header with no text names
 *   nothing (axe: empty-table-header).
 * and it names every code block Expressive Code rendered, by title or language and position.
 */
export function markdownAccessibility(): (ctx: PluginFactoryContext) => HastPluginDefinition {
  // A factory: Satteri calls it once per document, so the labels are unique per page.
  return () => {
    const unique = uniqueLabels();
    let codeBlocks = 0;
    return {
      name: 'course-markdown-accessibility',
      element: [
        {
          filter: ['table'],
          visit(table, ctx) {
            const caption = childElements(table, 'caption')[0];
            const headRow = childElements(table, 'thead').flatMap((head) => childElements(head, 'tr'))[0];
            const headers = headRow ? childElements(headRow, 'th').map((th) => ctx.textContent(th)) : [];
            const label = unique(tableRegionLabel(caption ? ctx.textContent(caption) : undefined, headers));
            ctx.wrapNode(table, {
              type: 'element',
              tagName: 'div',
              properties: { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': label },
              children: [],
            });
          },
        },
        {
          // Runs after Expressive Code has rendered the fenced code: its own script later makes a <pre> that scrolls
          // sideways focusable with role="region", but without a name, so two such blocks on a page are identical
          // landmarks (axe: landmark-unique). A name on a <pre> that does not scroll is ignored and harmless.
          filter: ['pre'],
          visit(pre, ctx) {
            const frame = ctx.parent(pre);
            if (frame?.type !== 'element' || (frame as Element).tagName !== 'figure') return;
            const header = childElements(frame as Element, 'figcaption')[0];
            const language = pre.properties?.['dataLanguage'] ?? pre.properties?.['data-language'];
            codeBlocks += 1;
            const label = codeBlockLabel({
              title: header ? ctx.textContent(header) : undefined,
              language: typeof language === 'string' ? language : undefined,
              position: codeBlocks,
            });
            ctx.setProperty(pre, 'aria-label', unique(label));
          },
        },
        {
          filter: ['th'],
          visit(th, ctx) {
            if (ctx.textContent(th).trim() !== '' || th.children.some((child) => child.type === 'element')) return;
            return { type: 'element', tagName: 'td', properties: { ...th.properties }, children: [] };
          },
        },
      ],
    };
  };
}

/** The accessible name of a code block: its title (a file name, say) or its language, numbered by its place on the page. */
export function codeBlockLabel({
  title,
  language,
  position,
}: {
  title?: string | undefined;
  language?: string | undefined;
  position: number;
}) {
  return `Code example ${position}: ${title?.trim() || language?.trim() || 'text'}`;
}
