// The one "did you mean …?" of the site: a misspelt field, setting or policy
// name is matched against the names that would have been valid.

/**
 * Edit distance counting what slips of the keyboard do, each as one edit:
 * a letter added, dropped, replaced, or two neighbours swapped ("prot" for
 * "port"). This is the Levenshtein distance with transpositions, known as the
 * optimal string alignment distance.
 */
function editDistance(a: string, b: string): number {
  // Three rows of the usual table: two back, one back, and the one being filled.
  let before = Array.from({ length: b.length + 1 }, () => 0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      row.push(best);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * The candidate closest to `word`, ignoring case, when it is close enough to be
 * a slip of the keyboard: one edit per three letters, at least one. Otherwise
 * undefined, so an unrelated name is never offered.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}
