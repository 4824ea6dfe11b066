/** "Did you mean …?" for typos in keys, operators and variable paths. */

/** Longer inputs get no suggestion: such names are not typos. */
const MAX_INPUT = 80;

interface Prepared {
  names: readonly string[];
  lower: string[];
  squashed: string[];
}

// Candidate lists are module constants in practice: prepare each once.
const prepared = new WeakMap<readonly string[], Prepared>();

function prepare(names: readonly string[]): Prepared {
  let entry = prepared.get(names);
  if (!entry) {
    entry = { names, lower: names.map((n) => n.toLowerCase()), squashed: names.map(squash) };
    prepared.set(names, entry);
  }
  return entry;
}

/** The candidate closest to `input`, if one is close enough to be a likely typo. */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  if (input.length === 0 || input.length > MAX_INPUT) return undefined;
  const { names, lower, squashed } = prepare(candidates);
  const inputLower = input.toLowerCase();
  const inputSquashed = squash(input);
  let index = lower.indexOf(inputLower);
  if (index === -1) index = squashed.indexOf(inputSquashed);
  if (index !== -1) return names[index];
  // "shipping_address.city" for "order.shipping_address.city": the root was left out.
  const dotted = `.${input}`;
  let suffix: string | undefined;
  for (const name of names) {
    if (name.endsWith(dotted) && (suffix === undefined || name.length < suffix.length)) suffix = name;
  }
  if (suffix !== undefined) return suffix;
  const threshold = Math.max(1, Math.min(3, Math.floor(input.length / 4)));
  let best: string | undefined;
  let bestDistance = threshold + 1;
  for (let i = 0; i < names.length; i++) {
    const d = distanceWithin(inputLower, lower[i] as string, bestDistance - 1);
    if (d < bestDistance) {
      best = names[i];
      bestDistance = d;
    }
  }
  return best;
}

function squash(s: string): string {
  return s.toLowerCase().replace(/[_\s-]/g, '');
}

// Scratch rows reused across calls (suggest runs once per unknown name, thousands of times for a bad document).
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(128), new Int32Array(128), new Int32Array(128)];

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), computed only in
 * the diagonal band that can stay within `max`: returns max + 1 as soon as it is exceeded.
 */
export function distanceWithin(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  const over = max + 1;
  if (max < 0 || Math.abs(n - m) > max) return over;
  if (rows[0].length < m + 1) rows = [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
  let [older, prev, cur] = rows;
  older.fill(over, 0, m + 1);
  prev.fill(over, 0, m + 1);
  cur.fill(over, 0, m + 1);
  for (let j = 0; j <= Math.min(m, max); j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    // Cells left of the band may hold values from an older row: reset the one the band reads.
    cur[lo - 1] = lo - 1 === 0 ? i : over;
    let rowMin = cur[lo - 1] as number;
    const ai = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        value = Math.min(value, (older[j - 2] as number) + 1);
      }
      cur[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return over;
    [older, prev, cur] = [prev, cur, older];
  }
  return Math.min(prev[m] as number, over);
}
