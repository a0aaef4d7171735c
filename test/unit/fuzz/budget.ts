// Shared by the fuzz tests: a time budget per generated input, and the
// fixed seeds that keep CI deterministic (change a seed only on purpose: a
// new seed explores new inputs, and a failure prints the seed and the
// shrunk counterexample to reproduce it).

/** Every engine call on one generated input must return within this. */
export const PER_INPUT_MS = 200;

export const SEEDS = {
  traceqlSoup: 20250601,
  traceqlGrammar: 20250602,
  traceqlMutation: 20250603,
  traceqlPathological: 20250604,
  traceqlLong: 20250605,
  traceqlNumbers: 20250606,
  yamlText: 20250611,
  yamlStructured: 20250612,
  otlpJson: 20250621,
  otlpMutation: 20250622,
  exportJson: 20250631,
  exportMutation: 20250632,
} as const;

/**
 * Runs `call`, failing the property when it throws or takes longer than the
 * budget. A slow call is timed once more before it fails: a garbage
 * collection or a busy machine can stall one call, but not the same call twice
 * in a row, while an input that really hangs is slow every time.
 */
export function withinBudget<T>(call: () => T, budgetMs = PER_INPUT_MS): T {
  let elapsed = 0;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const start = performance.now();
    const result = call();
    elapsed = performance.now() - start;
    if (elapsed <= budgetMs) return result;
  }
  throw new Error(`took ${elapsed.toFixed(0)} ms twice in a row; the budget per input is ${budgetMs} ms`);
}

/** A short, printable form of a generated input for failure messages. */
export function shown(input: string, max = 300): string {
  const json = JSON.stringify(input);
  return json.length > max ? `${json.slice(0, max)}… (${input.length} chars)` : json;
}

/** Every path to a value inside a JSON document, for mutating one value of a valid document. */
export function jsonPaths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, i) => jsonPaths(item, [...prefix, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) jsonPaths(item, [...prefix, key], out);
  return out;
}

/**
 * A valid JSON document with some of its values replaced, deleted, doubled
 * into a list or wrapped in an object, as text: `paths` from jsonPaths(doc).
 */
export function mutateJson(
  doc: unknown,
  paths: readonly (string | number)[][],
  steps: readonly { at: number; op: number; value: unknown }[],
): string {
  const copy = structuredClone(doc) as Record<string, unknown>;
  for (const { at, op, value } of steps) {
    const path = paths[at % paths.length] ?? [];
    if (path.length === 0) continue;
    let parent: unknown = copy;
    for (const segment of path.slice(0, -1)) parent = (parent as Record<string | number, unknown> | undefined)?.[segment];
    if (parent === null || typeof parent !== 'object') continue;
    const last = path[path.length - 1] as string | number;
    const holder = parent as Record<string | number, unknown>;
    if (op === 0) holder[last] = value;
    else if (op === 1) delete holder[last];
    else if (op === 2) holder[last] = [holder[last], holder[last]];
    else holder[last] = { wrapped: holder[last] };
  }
  return JSON.stringify(copy);
}
