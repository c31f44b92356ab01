// docs/codes.md documents every diagnostic code the server can publish (each
// diagnostic links to its section). UPDATE_CODES_DOC=1 rewrites the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allCodeDocs, codeDocUrl, codesMarkdown } from '../server/src/ide/diagnostics';

const docPath = path.join(__dirname, '..', '..', 'docs', 'codes.md');

test('docs/codes.md is generated from the code docs', () => {
  const expected = codesMarkdown();
  if (process.env.UPDATE_CODES_DOC === '1') fs.writeFileSync(docPath, expected);
  assert.equal(fs.readFileSync(docPath, 'utf8'), expected, 'run UPDATE_CODES_DOC=1 npm test to regenerate docs/codes.md');
});

test('every code has a section its link points to', () => {
  const doc = fs.readFileSync(docPath, 'utf8');
  for (const [code] of allCodeDocs()) {
    assert.match(doc, new RegExp(`^## ${code}$`, 'm'));
    assert.ok(codeDocUrl(code).endsWith(`codes.md#${code}`));
  }
});
