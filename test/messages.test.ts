// The languages of the user interface: every message key in English and
// Simplified Chinese with the same placeholders; every code explained in
// Chinese; the extension's contribution strings and client strings in both
// languages; no view module under server/src/ide/ writing an English word the
// catalogue should give; the CLI's language from the environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { allCodeDocs } from '../server/src/ide/diagnostics';
import { CATALOGUES, diagnosticMessage, explainLabel, LOCALES, localeOf, msg, msgCount, translatedCodeDoc, type MessageKey } from '../server/src/ide/messages';
import { EN } from '../server/src/ide/messages/en';
import { ZH_CN_CODE_DOCS } from '../server/src/ide/messages/zh-cn';
import { renderModelSummary, displayWidth } from '../server/src/ide/summaryTable';
import { codeLenses } from '../server/src/ide/codeLens';
import { renderTally } from '../server/src/cli/report';
import { cliLocale } from '../server/src/cli/locale';
import type { AnalysisResult, ModelInfo } from '../server/src/analysis';
import { repoRoot } from './goldenPath';

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]).sort();
}

const HAN = /\p{Script=Han}/u;

test('every message key has a text in every language, with the same placeholders', () => {
  const keys = Object.keys(EN).sort();
  for (const locale of LOCALES) {
    const catalogue = CATALOGUES[locale];
    assert.deepEqual(Object.keys(catalogue).sort(), keys, `keys of ${locale}`);
    for (const key of keys as MessageKey[]) {
      const text = catalogue[key];
      assert.ok(typeof text === 'string' && text !== '', `${locale}: ${key} is empty`);
      assert.deepEqual(placeholders(text), placeholders(EN[key]), `${locale}: placeholders of ${key}`);
    }
  }
});

test('the Chinese texts are Chinese where the English ones are words', () => {
  // Keras names and symbols stay as they are; the rest is translated.
  const same = new Set<MessageKey>(['hint.times', 'list.separator']);
  for (const key of Object.keys(EN) as MessageKey[]) {
    if (same.has(key)) continue;
    assert.ok(HAN.test(CATALOGUES['zh-cn'][key]), `zh-cn: ${key} = ${CATALOGUES['zh-cn'][key]}`);
  }
});

test('msg fills placeholders; counts take their singular or plural', () => {
  assert.equal(msg('en', 'model.total', { count: '80,809' }), 'Total params: 80,809');
  assert.equal(msg('zh-cn', 'model.total', { count: '80,809' }), '总参数量：80,809');
  assert.equal(msgCount('en', 'hint.params', 1), '1 param');
  assert.equal(msgCount('en', 'hint.params', 4632, '4,632'), '4,632 params');
  assert.equal(msgCount('zh-cn', 'hint.params', 4632, '4,632'), '4,632 个参数');
  assert.equal(explainLabel('zh-cn', 'height'), '高');
  assert.equal(explainLabel('zh-cn', 'return_state'), 'return_state');
  assert.equal(explainLabel('en', 'constructor'), 'constructor');
});

test('every diagnostic code is explained in Chinese; messages keep Keras\'s English after the explanation', () => {
  const codes = allCodeDocs().map(([code]) => code).sort();
  assert.deepEqual(Object.keys(ZH_CN_CODE_DOCS).sort(), codes);
  for (const code of codes) {
    const doc = translatedCodeDoc('zh-cn', code);
    assert.ok(doc && HAN.test(doc.summary) && HAN.test(doc.fix), code);
    assert.equal(translatedCodeDoc('en', code), undefined);
  }
  const keras = "Input 0 of layer 'conv2d' is incompatible with the layer: expected min_ndim=4, found ndim=2.";
  assert.equal(diagnosticMessage('en', 'incompatible-input', keras), keras);
  const [explanation, original] = diagnosticMessage('zh-cn', 'incompatible-input', keras).split('\n');
  assert.match(explanation, HAN);
  assert.equal(original, keras);
});

test('language tags: the editor\'s and POSIX ones', () => {
  for (const tag of ['zh-cn', 'zh-CN', 'zh', 'zh-Hans', 'zh-Hans-CN', 'zh_CN.UTF-8', 'zh_CN.GB18030', 'zh_SG']) assert.equal(localeOf(tag), 'zh-cn', tag);
  for (const tag of ['en', 'en-US', 'C', 'C.UTF-8', 'POSIX', 'de_DE.UTF-8', 'zh-tw', 'zh_TW.UTF-8', '', undefined, null]) assert.equal(localeOf(tag), 'en', String(tag));
  assert.equal(cliLocale({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(cliLocale({ LANG: 'zh_CN.UTF-8', LC_ALL: 'C' }), 'en');
  assert.equal(cliLocale({ LANG: 'en_US.UTF-8', LC_ALL: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(cliLocale({ LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(cliLocale({}), 'en');
});

const MODEL: ModelInfo = {
  name: 'model',
  className: 'Sequential',
  kerasName: 'sequential',
  range: { start: 0, end: 10 },
  sequentialLike: true,
  totalParams: 650,
  trainableParams: 650,
  nonTrainableParams: 0,
  rows: [{ name: 'dense', className: 'Dense', outputShapes: [[null, 10]], params: 650 }],
  graph: { nodes: [], edges: [] },
};

test('the model summary and code lens in Chinese keep the table aligned', () => {
  const text = renderModelSummary(MODEL, { locale: 'zh-cn' });
  const lines = text.trimEnd().split('\n');
  assert.equal(lines[0], '模型："sequential"');
  assert.match(lines[2], /┃ 层（类型） +┃ 输出形状 +┃ +参数量 ┃/);
  const table = lines.filter((l) => /^[┏┃┡│├└]/.test(l));
  assert.ok(table.every((l) => displayWidth(l) === displayWidth(table[0])), table.join('\n'));
  assert.match(text, /^ 总参数量：650 \(2\.54 KB\)$/m);
  assert.match(text, /^ 可训练参数：650 /m);
  assert.match(text, /^ 不可训练参数：0 /m);
  assert.equal(renderModelSummary(MODEL).split('\n')[0], 'Model: "sequential"');
  const result: AnalysisResult = { calls: [], models: [MODEL], diagnostics: [], steps: 0, budgetExhausted: false, partial: false };
  assert.equal(codeLenses(result, 'zh-cn')[0].title, '总参数量：650 · 显示模型概要');
});

test('the tally of keras-shapes check in both languages', () => {
  const t = { errors: 2, warnings: 1, filesWithErrors: 1, filesChecked: 12, filesSkipped: 0 };
  assert.equal(renderTally(t), 'Found 2 errors in 1 file (12 files checked, 1 warning)');
  assert.equal(renderTally(t, 'zh-cn'), '在 1 个文件中发现 2 个错误（已检查 12 个文件，1 个警告）');
  const clean = { errors: 0, warnings: 0, filesWithErrors: 0, filesChecked: 3, filesSkipped: 1 };
  assert.equal(renderTally(clean), 'No shape errors in 3 files (1 file skipped)');
  assert.equal(renderTally(clean, 'zh-cn'), '3 个文件中没有形状错误（跳过 1 个文件）');
});

test('package.json: every contribution string is a %key% in package.nls.json and package.nls.zh-cn.json', () => {
  const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), 'utf8');
  const pkg = JSON.parse(read('package.json')) as { contributes: unknown; l10n?: string };
  const en = JSON.parse(read('package.nls.json')) as Record<string, string>;
  const zh = JSON.parse(read('package.nls.zh-cn.json')) as Record<string, string>;
  assert.equal(pkg.l10n, './l10n');
  const used = new Set<string>();
  const visit = (value: unknown, where: string, translatable: boolean) => {
    if (typeof value === 'string') {
      if (!translatable) return;
      const m = /^%([\w.]+)%$/.exec(value);
      assert.ok(m, `${where}: "${value}" is not a %key% (vsce accepts letters, digits, _ and .)`);
      used.add(m[1]);
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${where}[${i}]`, translatable));
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        visit(v, `${where}.${k}`, translatable || ['title', 'category', 'description', 'markdownDescription', 'enumDescriptions', 'aliases'].includes(k));
      }
    }
  };
  visit(pkg.contributes, 'contributes', false);
  assert.ok(used.size >= 15, [...used].join(', '));
  assert.deepEqual(Object.keys(en).sort(), [...used].sort());
  assert.deepEqual(Object.keys(zh).sort(), [...used].sort());
  for (const key of used) if (!['command.category', 'configuration.title'].includes(key)) assert.match(zh[key], HAN, key);
  // vsce packages them: .vscodeignore lets them through.
  const ignore = read('.vscodeignore');
  for (const file of ['package.nls.json', 'package.nls.zh-cn.json', 'l10n/bundle.l10n.zh-cn.json']) assert.ok(ignore.includes(`!${file}`), file);
});

test('the client\'s strings go through vscode.l10n and are all in the Chinese bundle', () => {
  const bundle = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  const keys: string[] = [];
  let source = '';
  // The extension and its views (the webview pages get their words from these).
  for (const name of ['extension.ts', 'summaryView.ts', 'graphView.ts']) {
    const text = fs.readFileSync(path.join(repoRoot, 'client', 'src', name), 'utf8');
    source += text;
    const file = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && node.expression.getText(file) === 'vscode.l10n.t') {
        const first = node.arguments[0];
        assert.ok(first && ts.isStringLiteral(first), `vscode.l10n.t with a computed message: ${node.getText(file)}`);
        keys.push(first.text);
      }
      node.forEachChild(visit);
    };
    visit(file);
  }
  assert.ok(keys.length >= 8, keys.join('\n'));
  assert.deepEqual([...new Set(keys)].sort(), Object.keys(bundle).sort());
  for (const key of keys) {
    assert.deepEqual(placeholders(bundle[key]), placeholders(key), key);
    assert.match(bundle[key], HAN, key);
  }
  // User-facing calls take a translated string, not a literal.
  for (const call of ['showInformationMessage', 'showWarningMessage', 'showErrorMessage']) {
    assert.ok(!new RegExp(`${call}\\(\\s*['\`"]`).test(source), `${call} with a literal`);
  }
});

/**
 * Words the views show to users: a string literal in a view module holding one
 * of them bypasses the catalogue. Each allowance says why.
 */
const UI_WORDS = /\b(params?|[Tt]rainable|Non-trainable|Total|Output|Outcome|Result|Runs|Layers?|Model|Param #|Connected to|Show summary|more|weights?|shape|yes|no|unknown|Keras docs|[Ss]ummary|help|No weights)\b/;
const ALLOWED: Record<string, readonly string[]> = {
  // hover.ts: the label of the explanation step it shows last (an engine name, translated by explainLabel).
  'explanation labels': ['params'],
  // hover.ts: the classes it treats as models.
  'class names': ['Sequential', 'Functional', 'Model'],
};
const VIEW_MODULES = ['hover.ts', 'inlayHints.ts', 'codeLens.ts', 'summaryTable.ts', 'diagnostics.ts', 'teach.ts'];

function stringLiterals(file: ts.SourceFile): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      // Import paths and type-level strings (keys, unions) are not shown.
      if (!ts.isImportDeclaration(node.parent) && !ts.isLiteralTypeNode(node.parent)) {
        out.push({ text: node.text, line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1 });
      }
    }
    node.forEachChild(visit);
  };
  visit(file);
  return out;
}

test('no view module under server/src/ide/ writes an English word past the catalogue', () => {
  const dir = path.join(repoRoot, 'server', 'src', 'ide');
  const allowed = new Set(Object.values(ALLOWED).flat());
  for (const name of VIEW_MODULES) {
    let source = fs.readFileSync(path.join(dir, name), 'utf8');
    // diagnostics.ts also holds the English docs of the analysis codes and the generator of docs/codes.md
    // (documentation, English like the engine's code docs): only its view is checked.
    if (name === 'diagnostics.ts') source = source.slice(source.indexOf('export interface DiagnosticView'), source.indexOf('/** docs/codes.md'));
    const file = ts.createSourceFile(name, source, ts.ScriptTarget.ES2022, true);
    for (const { text, line } of stringLiterals(file)) {
      // Message keys name texts; they are not texts.
      if (allowed.has(text) || Object.keys(EN).some((key) => key === text || key.startsWith(`${text}.`))) continue;
      assert.ok(!UI_WORDS.test(text), `${name}:${line}: "${text}" looks like a user-visible English text; add it to ide/messages`);
    }
  }
});

test('the scan would catch an English literal', () => {
  const file = ts.createSourceFile('x.ts', "const a = `Total params: ${n}`; const b = 'Output shape'; import x from 'params';", ts.ScriptTarget.ES2022, true);
  assert.deepEqual(
    stringLiterals(file).filter((l) => UI_WORDS.test(l.text)).map((l) => l.text),
    ['Total params: ', 'Output shape'],
  );
});
