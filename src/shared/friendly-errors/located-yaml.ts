import { LineCounter, isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import type { FriendlyIssue, Position } from './friendly-issue.ts';

// The one YAML reader for text people write (quiz banks, content/course.yaml,
// a collector config pasted into a lab): the value, and where in the text any
// path of it was written, so a validation problem can name its line and column.

export type LocatedYaml =
  | {
      readonly ok: true;
      readonly value: unknown;
      /**
       * Where the field at `path` was written: a plain value itself, the key of a
       * block or list, a list entry's first line. A path that is not in the text
       * (a missing field) gives the nearest part of it that is. With `key`: that
       * key inside the block at `path` (an unknown field).
       */
      at(path: readonly PropertyKey[], key?: string): Position;
    }
  | { readonly ok: false; readonly issue: FriendlyIssue & { readonly position: Position } };

export interface ReadOptions {
  /** YAML merge keys (`<<: *defaults`), which the collector's own parser accepts. */
  readonly merge?: boolean;
}

/** Aliases expanded at most this often, so a few lines of anchors cannot grow into gigabytes. */
const MAX_ALIAS_COUNT = 100;

function keyOf(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

/** The deepest node along `path`: a scalar value, else the key that opens a block or list, else a list entry. */
function nodeAt(doc: Document, path: readonly PropertyKey[], key: string | undefined): Node | undefined {
  let node: unknown = doc.contents;
  let shown: Node | undefined = isCollection(node) || isScalar(node) ? node : undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      node = pair.value;
      // A block's or list's own range starts on the line after its key: point at the key.
      shown = isScalar(pair.value) ? pair.value : isScalar(pair.key) ? pair.key : shown;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
      shown = isScalar(node) || isCollection(node) ? node : shown;
    } else break;
  }
  return (key === undefined ? undefined : keyOf(node, key)) ?? shown;
}

/**
 * The yaml parser reports a key indented deeper than the key above it
 * ("Nested mappings are not allowed in compact mappings") at the end of the
 * line ABOVE, where nothing is wrong. Point at the line that is over-indented
 * instead, and say which column it should start in.
 */
function overIndentedKey(text: string, code: string, at: Position): (FriendlyIssue & { position: Position }) | undefined {
  if (code !== 'BLOCK_AS_IMPLICIT_KEY') return undefined;
  const lines = text.split('\n');
  const above = lines[at.line - 1] ?? '';
  const keyAbove = /^(\s*(?:-\s+)?)([^\s:#][^:#]*):/.exec(above);
  if (!keyAbove) return undefined;
  const expected = keyAbove[1]!.length + 1;
  for (let i = at.line; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const column = line.length - line.trimStart().length + 1;
    if (column <= expected) return undefined;
    const key = /^\s*([^\s:#][^:#]*):/.exec(line)?.[1] ?? line.trim();
    const extra = column - expected;
    return {
      position: { line: i + 1, column },
      problem: `\`${key}:\` starts in column ${column}, but \`${keyAbove[2]}:\` on line ${at.line} starts in column ${expected}`,
      fix: `start the keys of one block in the same column (remove ${extra} space${extra === 1 ? '' : 's'}), or nest it under a key that ends with \`:\``,
    };
  }
  return undefined;
}

export function readLocatedYaml(text: string, options: ReadOptions = {}): LocatedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: options.merge ?? false });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntax = doc.errors[0];
  if (syntax) {
    const at = position(syntax.pos[0]);
    const located = overIndentedKey(text, syntax.code, at);
    if (located) return { ok: false, issue: located };
    const message = syntax.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return {
      ok: false,
      issue: {
        position: at,
        problem: `not valid YAML: ${message}`,
        fix:
          syntax.code === 'DUPLICATE_KEY'
            ? 'remove or rename the repeated key'
            : 'check the indentation (spaces, not tabs) and the quoting on this line and the one above, and that every `key:` has a space after the colon',
      },
    };
  }
  // A list or a block as a key (`? [a, b]`) is valid YAML but never a field name.
  let complexKey: Node | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key) || isAlias(pair.key)) {
        complexKey = pair.key;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (complexKey) {
    return {
      ok: false,
      issue: {
        position: position(complexKey.range?.[0] ?? 0),
        problem: 'a key here is a list or a block',
        fix: 'write field names as plain words followed by `:`',
      },
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return {
      ok: false,
      issue: {
        position: { line: 1, column: 1 },
        problem: error instanceof Error ? error.message : String(error),
        fix: 'write the repeated part out, or use fewer aliases (`*name`)',
      },
    };
  }
  return {
    ok: true,
    value,
    at: (path, key) => position(nodeAt(doc, path, key)?.range?.[0] ?? 0),
  };
}
