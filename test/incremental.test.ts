// What the server reuses between keystrokes — the syntax of unchanged
// top-level chunks, lazily copied bodies, memoised engine results — must give
// exactly the analysis of the same text from scratch. Random edit sequences
// (seeded) on the golden programs and a generated ResNet: after every edit the
// server's snapshot, and an analysis through a syntax cache kept across the
// edits, equal a fresh parse + analysis with an empty engine cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeSource, analyzeText, DEFAULT_ANALYSIS_CONFIG, SyntaxCache } from '../server/src/analysis';
import { defaultAnalysisHost } from '../server/src/analysis/host';
import { DocumentStore } from '../server/src/lsp/documents';
import { LineIndex } from '../server/src/ide/positions';
import { loadPythonParser } from '../server/src/python/parser';
import { resnet152, seededRandom } from '../bench/generate';
import { goldenDir } from './goldenPath';

const programs = path.join(goldenDir(), 'programs');
const sources: [string, string][] = [
  ...fs
    .readdirSync(programs)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f): [string, string] => [f, fs.readFileSync(path.join(programs, f), 'utf8')]),
  ['resnet152.py', resnet152()],
];

const SNIPPETS = ['x', '1', ' ', '(', ')', ',', '\n', '2, ', 'layers.Dense(3)(x)\n', '#', '"', ':', '    ', 'for i in range(2):\n    '];

// Small files have their function bodies copied at once; the same edits again with bodies copied when a call reads them.
for (const [name, original] of sources) for (const lazy of [false, true]) {
  test(`incremental analysis equals a fresh one: ${name}${lazy ? ', bodies copied when read' : ''}`, async () => {
    const syntax = lazy ? { eagerBodiesMax: 0 } : {};
    const parser = await loadPythonParser();
    const rnd = seededRandom(name.length * 7919 + original.length);
    const store = new DocumentStore(
      (_uri, e) => {
        throw e;
      },
      { syntax },
    );
    const uri = `file:///${name}`;
    let text = original;
    store.openDocument(uri, 'python', 1, text);
    const cache = new SyntaxCache(syntax);
    analyzeSource(parser, text, DEFAULT_ANALYSIS_CONFIG, cache);
    let reused = 0;
    const edits = name === 'resnet152.py' ? 12 : 25;
    for (let version = 2; version < edits + 2; version++) {
      const lines = new LineIndex(text);
      const start = Math.floor(rnd() * (text.length + 1));
      const deleting = rnd() < 0.4;
      const end = deleting ? Math.min(text.length, start + 1 + Math.floor(rnd() * 6)) : start;
      const insert = deleting && rnd() < 0.5 ? '' : SNIPPETS[Math.floor(rnd() * SNIPPETS.length)];
      const s = lines.position(start);
      const e = lines.position(end);
      store.change(uri, version, [
        { range: { start: { line: s.line, character: s.column }, end: { line: e.line, character: e.column } }, text: insert },
      ]);
      text = text.slice(0, start) + insert + text.slice(end);
      // Not every version is analysed, as in an editor where some keystrokes get no request.
      if (rnd() < 0.3) continue;
      const cached = store.snapshot(uri, parser, DEFAULT_ANALYSIS_CONFIG, 'default');
      assert.ok(cached);
      assert.equal(cached.text, text);
      defaultAnalysisHost().clear();
      const fresh = analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG);
      assert.deepEqual(cached.result, fresh, `after edit ${version - 1} (${JSON.stringify(insert)} at ${start}, ${end - start} deleted)`);
      defaultAnalysisHost().clear();
      const throughCache = analyzeSource(parser, text, DEFAULT_ANALYSIS_CONFIG, cache);
      reused += cache.reused;
      assert.deepEqual(throughCache, fresh, `through the cache, after edit ${version - 1}`);
    }
    store.close(uri);
    assert.ok(reused > 0, 'the edits reused no chunk');
  });
}
