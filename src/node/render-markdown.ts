import { markdownToHtml } from 'satteri';

// Build time only: question text is Markdown in the banks and HTML on the page.
// satteri is the Markdown engine Astro and Starlight already use.

/** Markdown to HTML; a single paragraph is unwrapped so short texts sit inline in labels. */
export function renderMarkdown(markdown: string): string {
  const html = markdownToHtml(markdown.trim()).html.trim();
  const single = /^<p>([\s\S]*)<\/p>$/.exec(html);
  return single && !single[1]!.includes('<p>') ? single[1]! : html;
}

export function renderAll(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, renderMarkdown(v)]));
}
