// The workspace's own modules: a fixture workspace (test/fixtures/workspace-imports/project)
// whose files import each other — a package with `__init__.py` re-exports,
// relative imports, a config module, an import cycle, a module Python cannot
// parse, and one outside the workspace (../outside, given as an import root).
// Every file's comments say what the analysis of that file shows
// (fixtureExpectations.ts); imports are read, never run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, DEFAULT_ANALYSIS_CONFIG, DiskModuleFiles, ModuleParses, type AnalysisResult, type ModuleFiles } from '../server/src/analysis';
import { loadPythonParser } from '../server/src/python/parser';
import { sourceDir } from './goldenPath';
import { compareFixture, draftExpectations } from './fixtureExpectations';

const fixture = sourceDir('fixtures', 'workspace-imports');
const project = path.join(fixture, 'project');
const outside = path.join(fixture, 'outside');

function pythonFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...pythonFilesUnder(p));
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out.sort();
}

async function analyzeFile(files: ModuleFiles, file: string, text = fs.readFileSync(file, 'utf8')): Promise<AnalysisResult> {
  const parser = await loadPythonParser();
  return analyzeText(parser, text, DEFAULT_ANALYSIS_CONFIG, undefined, { files, parser, parses: new ModuleParses(), file });
}

const disk = new DiskModuleFiles([project], [project, outside]);

for (const file of pythonFilesUnder(project)) {
  const name = path.relative(project, file);
  test(`workspace imports: ${name} shows what its comments say`, async () => {
    const text = fs.readFileSync(file, 'utf8');
    const result = await analyzeFile(disk, file, text);
    const problems = compareFixture(text, result);
    if (problems.length > 0 && process.env.FIXTURE_DRAFT) process.stdout.write(`\n----- ${name} (draft)\n${draftExpectations(text, result)}\n`);
    assert.ok(problems.length === 0, `${name}: ${problems.length} mismatch(es)\n  ${problems.join('\n  ')}`);
  });
}
