import { plainText } from './markdown-fields.ts';

// The lab page's success criteria are <CheckItem id="…">text</CheckItem>
// elements in content/docs/lab.mdx. Reading them from the page itself keeps
// the progress page and the grade command in step with the lab.

export interface LabItem {
  id: string;
  label: string;
}

const CHECK_ITEM = /<CheckItem\s+[^>]*?\bid=["']([^"']+)["'][^>]*>([\s\S]*?)<\/CheckItem>/g;

export function labChecklist(mdx: string): LabItem[] {
  const seen = new Set<string>();
  const items: LabItem[] = [];
  for (const [, id, body] of mdx.matchAll(CHECK_ITEM)) {
    if (!id || seen.has(id)) continue;
    seen.add(id);
    items.push({ id, label: plainText(body ?? '') });
  }
  return items;
}
