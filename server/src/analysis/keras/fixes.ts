// Quick fixes the analysis is certain of besides old spellings: a misspelt
// keyword argument or layer class becomes the one real name close to it, and
// an `input_shape` that includes the batch axis loses it.
//
//   layers.Conv2D(8, kernal_size=3)   → "Rename kernal_size to kernel_size"
//   layers.Denes(10)                  → warning unknown-layer, "Write Dense"
import { keras3Keywords, mayHaveLegacySpelling } from '../../engine';
import type { DiagnosticFix, TextEdit, TextRange } from '../types';
import type { CallSiteArgs } from '../values';
import { CallSyntax } from './callEdits';

/** Edit distance with adjacent transpositions (`kernal` → `kernel` is 1, `Dnese` → `Dense` is 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
    }
  }
  return d[a.length][b.length];
}

/** The one candidate closest to `name`, when it is close enough to be certain (1 edit for short names, 2 for longer) and no other is as close. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = name.length <= 5 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const c of candidates) {
    if (c === name) return undefined;
    if (Math.abs(c.length - name.length) > limit) continue;
    const dist = c.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, c);
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
      tie = false;
    } else if (dist === bestDistance && c !== best) tie = true;
  }
  return best !== undefined && bestDistance <= limit && !tie ? best : undefined;
}

/** For a construction Keras rejects: the misspelt keywords renamed to the real ones, when every unknown keyword has one. */
export function keywordFixes(className: string, args: CallSiteArgs): DiagnosticFix[] {
  const accepted = keras3Keywords(className);
  if (accepted === undefined) return [];
  const syntax = CallSyntax.of(args.node);
  if (syntax === undefined) return [];
  const edits: TextEdit[] = [];
  const renames: string[] = [];
  for (const name of args.keywords.keys()) {
    if (accepted.includes(name)) continue;
    // An old spelling has its own note and fix (`init=` is not a misspelt `units=`).
    if (mayHaveLegacySpelling(className, 0, [name])) return [];
    const real = closestName(name, accepted);
    const range = syntax.keywordNameRange(name);
    if (real === undefined || args.keywords.has(real) || range === undefined) return [];
    edits.push({ range, newText: real });
    renames.push(`${name} to ${real}`);
  }
  return edits.length === 0 ? [] : [{ title: `Rename ${renames.join(', ')}`, edits }];
}

/**
 * `input_shape=(None, 28, 28, 1)` on a first layer, as written in the
 * constructor at `ctor`: the fix writing it without its first item, and the
 * shape it then declares; undefined when the text is not a plain tuple
 * starting with None.
 */
export function batchAxisFix(text: string, ctor: TextRange): { fix: DiagnosticFix; shape: (number | null)[] } | undefined {
  const call = text.slice(ctor.start, ctor.end);
  const m = /\binput_shape\s*=\s*\(/.exec(call);
  if (m === null) return undefined;
  const open = ctor.start + m.index + m[0].length - 1;
  let depth = 0;
  let close = -1;
  for (let i = open; i < ctor.end; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    }
  }
  if (close < 0) return undefined;
  const items = text
    .slice(open + 1, close)
    .split(',')
    .map((s) => s.trim())
    .filter((s, i, all) => s !== '' || i < all.length - 1);
  if (items.length < 2 || items[0] !== 'None' || !items.slice(1).every((s) => /^(\d+|None)$/.test(s))) return undefined;
  const rest = items.slice(1);
  const newText = `(${rest.join(', ')}${rest.length === 1 ? ',' : ''})`;
  return {
    fix: { title: `Drop the batch axis: input_shape=${newText}`, edits: [{ range: { start: open, end: close + 1 }, newText }] },
    shape: rest.map((s) => (s === 'None' ? null : Number(s))),
  };
}

/** `input_shape=8` in the constructor at `ctor`: the fix writing the tuple `(8,)`. */
export function intShapeFix(text: string, ctor: TextRange, value: number): DiagnosticFix | undefined {
  const m = new RegExp(`\\binput_shape\\s*=\\s*(${value})(?![\\w.])`).exec(text.slice(ctor.start, ctor.end));
  if (m === null) return undefined;
  const start = ctor.start + m.index + m[0].length - m[1].length;
  return { title: `Write input_shape=(${value},)`, edits: [{ range: { start, end: start + m[1].length }, newText: `(${value},)` }] };
}
