// Quick fixes from an AnalysisResult: the fixes its diagnostics carry, for
// the diagnostics that touch a range, as plain offsets and text. A fix shared
// by several diagnostics (one rewrite of a whole call) is offered once, with
// every diagnostic it removes.
//
//   codeActionsAt(result, { start: 120, end: 120 })
//   → [{ title: "Write padding='same'", diagnostics: [3], edits: [...], preferred: true }]
import type { AnalysisResult, TextEdit, TextRange } from '../analysis';

export interface CodeActionView {
  readonly title: string;
  /** Indexes into `result.diagnostics` of the diagnostics the fix removes. */
  readonly diagnostics: readonly number[];
  readonly edits: readonly TextEdit[];
  /** The one certain fix of its diagnostic (the editor applies it with a single keystroke). */
  readonly preferred: boolean;
}

function touches(a: TextRange, b: TextRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function codeActionsAt(result: AnalysisResult, range: TextRange): CodeActionView[] {
  // Every diagnostic carrying each fix (a rewrite of a whole call removes several), wherever it is.
  const byKey = new Map<string, { title: string; diagnostics: number[]; edits: readonly TextEdit[]; preferred: boolean; offered: boolean }>();
  result.diagnostics.forEach((d, i) => {
    const fixes = d.fixes ?? [];
    const offered = fixes.length > 0 && touches(d.range, range);
    for (const fix of fixes) {
      const key = JSON.stringify([fix.title, fix.edits]);
      const preferred = fixes.length === 1;
      const seen = byKey.get(key);
      if (seen) {
        seen.diagnostics.push(i);
        seen.preferred = seen.preferred || preferred;
        seen.offered = seen.offered || offered;
      } else byKey.set(key, { title: fix.title, diagnostics: [i], edits: fix.edits, preferred, offered });
    }
  });
  return [...byKey.values()].filter((a) => a.offered).map(({ title, diagnostics, edits, preferred }) => ({ title, diagnostics, edits, preferred }));
}

/** `text` with the edits applied (edits never overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}
