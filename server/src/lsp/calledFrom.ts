// A helper module's hints from the files that import it: its layer calls as
// the open importing files' calls ran them (ImportedLayerCall), where the
// helper has no hint of its own, placed by the helper text those analyses
// read (only when it is the helper's current text).
//
//   def conv_block(x, filters):
//       x = layers.Conv2D(filters, 3)(x)  (None, 30, 30, 8) from train.py:12
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { TextRange } from '../analysis';
import type { CalledFrom } from '../ide/inlayHints';
import type { DocumentStore, Snapshot } from './documents';
import { filePathOf } from './workspaceModules';

/** At most this many places are named in one hint. */
const MAX_PLACES = 3;

/** The calls of the helper at `uri` in `range` as the open files importing it ran them, where `own` (offsets of its own hints) has none. */
export function calledFrom(
  documents: DocumentStore,
  uri: string,
  range: TextRange,
  own: ReadonlySet<number>,
  parser: Parser,
  snapshot: (uri: string, parser: Parser) => Snapshot | undefined,
): CalledFrom[] {
  const file = filePathOf(uri);
  const text = file === undefined ? undefined : documents.textAt(file);
  if (file === undefined || text === undefined) return [];
  const out: CalledFrom[] = [];
  for (const importer of documents.importersOf(file)) {
    if (importer === uri) continue;
    const s = snapshot(importer, parser);
    // Offsets in the helper hold only for the text of it the importer's analysis read.
    if (!s || s.result.imports?.find((f) => f.path === file)?.text !== text) continue;
    const name = path.basename(filePathOf(importer) ?? importer);
    for (const call of s.result.importedCalls ?? []) {
      if (call.path !== file || call.hintOffset < range.start || call.hintOffset > range.end || own.has(call.hintOffset)) continue;
      const lines = [...new Set(call.sites.map((site) => s.lines.position(site.start).line + 1))].sort((a, b) => a - b);
      const shown = lines.slice(0, MAX_PLACES).join(', ') + (lines.length > MAX_PLACES ? ', …' : '');
      out.push({ call, places: `${name}:${shown}` });
    }
  }
  return out;
}
