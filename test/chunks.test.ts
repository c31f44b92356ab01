// Parsing by top-level chunks: where the splitter cuts (a table of tricky
// cases, each written as the chunks it must give), and that a chunked parse of
// valid files copies exactly the syntax of a whole-file parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Parser, TreeCursor } from 'web-tree-sitter';
import { chunksAfterEdit, chunkStarts, splitChunks } from '../server/src/python/chunks';
import { loadPythonParser, parsePython } from '../server/src/python/parser';
import { KEEP_TOKENS_IN, parseModule, SyntaxCache, type ParseOptions, type SyntaxNode } from '../server/src/python/syntax';
import { functionalModel, largeFile, resnet152, seededRandom } from '../bench/generate';
import { currentWalker, useWalker, type WalkerKind } from '../server/src/python/walker';
import { goldenDir, pythonFiles, sourceDir } from './goldenPath';

function split(text: string): string[] {
  const starts = chunkStarts(text);
  return starts.map((s, i) => text.slice(s, i + 1 < starts.length ? starts[i + 1] : text.length));
}

/** Each case: the chunks the splitter must cut its concatenation into. */
const CASES: [string, string[]][] = [
  ['simple statements', ['import keras\n', 'x = 1\n', 'y = 2\n']],
  ['blank and comment lines stay with the statement before', ['x = 1\n\n# about y\n\n', 'y = 2\n']],
  ['leading comments belong to the first chunk', ['# header\n\nimport os\n', 'x = 1\n']],
  ['empty text', ['']],
  ['only comments', ['# a\n# b\n']],
  ['file starting indented', ['  x = 1\n', 'y = 2\n']],
  ['semicolons keep statements of one line together', ['x = 1; y = 2\n', 'z = 3\n']],
  ['brackets across lines', ['x = foo(\n    a,\nb)\n', 'y = [\n1]\n']],
  ['keyword argument at column 0 inside brackets', ['x = foo(\na=1)\n', 'y = 2\n']],
  ['matrix product at column 0 inside brackets', ['x = (a\n@ b)\n', 'y = 1\n']],
  ['yield from at column 0 inside brackets', ['x = (yield\nfrom gen)\n', 'y = 1\n']],
  ['names starting with keywords inside brackets', ['x = (a,\nimportant,\ndefault,\nclassy,\nfrom_)\n', 'y = 1\n']],
  ['brackets in strings', ['s = "(["\n', "t = ')'\n", 'z = (1,\n2)\n']],
  ['quotes and brackets in comments', ["x = 1  # don't (\n", 'y = [1,  # ] "\n2]\n']],
  ['unbalanced closing bracket', ['x = 1)]\n', 'y = (\n2)\n']],
  ['triple-quoted string holding code at column 0', ['doc = """\ndef f():\n    pass\nimport os\n"""\n', "s = '''\nclass A:\n'''\n", 'x = 1\n']],
  ['docstring of a function', ['def f():\n    """Doc.\n\nx = 1\n"""\n    return 1\n', 'y = 2\n']],
  ['unterminated string ends at the end of its line', ['s = "abc(\n', 'y = 1\n']],
  ['backslash-newline inside a string', ['s = "a\\\nb = 1"\n', 'y = 1\n']],
  ['string prefixes', ['s = rb"(\\"("\n', "t = Rb'''\ndef f():\n'''\n", 'u = u"("\n', 'v = BR"\\\\"\n', 'w = 1\n']],
  ['raw string ending in an escaped quote', ['s = r"a\\"b("\n', 'y = 1\n']],
  ['f-string with nested quotes and brackets', ['s = f"{x["a("]}"\n', 't = f\'{y}(\'\n', 'u = 1\n']],
  ['f-string escaped braces', ['s = f"{{(}}"\n', 'y = 1\n']],
  ['f-string format spec with a nested field', ['s = f"{x:{w}}("\n', 't = f"{x:>{w}.{p}f}"\n', 'y = 1\n']],
  ['multi-line triple-quoted f-string', ['s = f"""{\n  d["k"]\n}\ndef x\n{y!r:^10}"""\n', 'y = 1\n']],
  ['f-string replacement field across lines', ['s = f"{\nx\n}"\n', 'y = 1\n']],
  ['format spec across lines in a triple-quoted f-string is text', ['s = f"""{x:\ndef }"""\n', 'y = 1\n']],
  ['unterminated format spec ends with its line', ['s = f"{x:>\n', 'y = 1\n']],
  ['decorators stay with their definition', ['@dec\n@other(\n1)\ndef f():\n    pass\n', '@d\nclass A:\n    pass\n', 'x = 1\n']],
  ['decorator, blank line, definition', ['@dec\n\nasync def f():\n    pass\n', 'x = 1\n']],
  ['if / elif / else', ['if a:\n    x = 1\nelif b:\n    x = 2\nelse:\n    x = 3\n', 'y = 1\n']],
  ['try / except / else / finally', ['try:\n    x = 1\nexcept E:\n    pass\nexcept* F:\n    pass\nelse:\n    pass\nfinally:\n    pass\n', 'y = 1\n']],
  ['for / else with a comment between', ['for i in x:\n    pass\n# done\nelse:\n    pass\n', 'y = 1\n']],
  ['names starting with clause keywords', ['if a:\n    pass\n', 'elsewhere = 1\n', 'finally_ = 2\n', 'exceptions = 3\n']],
  ['backslash continuation', ['x = 1 + \\\n2\n', 'y = 2\n']],
  ['backslash in a comment continues nothing', ['x = 1  # \\\n', 'y = 2\n']],
  ['CRLF line ends', ['x = (\r\n1)\r\n\r\n', 'y = 2 + \\\r\n3\r\n', 'if a:\r\n    pass\r\nelse:\r\n    pass\r\n', 's = """\r\ndef\r\n"""\r\n']],
  ['unclosed bracket followed by def', ['x = foo(\n', 'def g():\n    pass\n']],
  ['unclosed bracket followed by imports', ['y = [1,\n', 'import os\n', 'z = (\n', 'from a.b import c\n', 'w = {\n', 'from . import d\n']],
  ['unclosed bracket followed by class and async def', ['w = {\n', 'class A:\n    pass\n', 'v = (\n', 'async  def h():\n    pass\n']],
  ['unclosed bracket: each name at column 0 before the definition begins a statement', ['x = foo(\n', 'y = 2\n', 'z = bar(3,\n  4)\n', 'import os\n']],
  ['unclosed bracket at the end of the file', ['x = 1\n', 'y = foo(\n  1,\n', 'z = (\n@d\n', 'w = 3  # )\n', 'if a:\n    pass\nelse:\n    b = [\n']],
  ['closing lines at column 0 in a recovered chunk', ['x = foo(\n', 'y = bar(\n1,\n)\n', 'def f(): pass\n']],
  ['a valid call after an unclosed bracket stays whole', ['x = (\n', 'y = foo(\n    a=1)\n', 'z = 2\n', 'class A: pass\n']],
  ['unclosed f-string field followed by def', ['s = f"{x(\n', 'def g():\n    pass\n']],
  ['unclosed triple-quoted string swallows the rest', ['s = """\ndef g():\n    pass\nimport os\n']],
  ['line continuation line at column 0', ['x = 1\n', '\\\ny = 2\n']],
];

for (const [name, chunks] of CASES) {
  test(`chunks: ${name}`, () => {
    assert.deepEqual(split(chunks.join('')), chunks);
  });
}

test('chunks: 10,000 nested brackets and strings need no stack', () => {
  const text = `x = ${'('.repeat(10000)}1${')'.repeat(10000)}\n${'s = f"{'.repeat(1)}${'f"{'.repeat(5000)}1${'}"'.repeat(5000)}}"\ny = 1\n`;
  assert.equal(chunkStarts(text).length, 3);
});

// ---------------------------------------------------------------- chunked parse = whole-file parse

interface Plain {
  type: string;
  start: number;
  end: number;
  field: string | null;
  kids: Plain[];
}

/** The syntax the copy must hold, read from a whole-file tree (named nodes, field nodes, kept tokens). */
function reference(cursor: TreeCursor, field: string | null): Plain {
  const node: Plain = { type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, field, kids: [] };
  if (cursor.gotoFirstChild()) {
    do {
      const f = cursor.currentFieldName;
      if (cursor.nodeIsNamed || f !== null || KEEP_TOKENS_IN.has(node.type)) node.kids.push(reference(cursor, f));
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  return node;
}

function compare(ref: Plain, copy: SyntaxNode, fieldNames: readonly string[], where: string, problems: string[]): void {
  if (problems.length > 5) return;
  const here = `${where}/${ref.type}@${ref.start}`;
  if (copy.type !== ref.type || copy.startIndex !== ref.start || copy.endIndex !== ref.end) {
    problems.push(`${here}: copy is ${copy.type} ${copy.startIndex}-${copy.endIndex}, whole-file parse ${ref.type} ${ref.start}-${ref.end}`);
    return;
  }
  const kids = copy.children;
  if (kids.length !== ref.kids.length) {
    problems.push(`${here}: ${kids.length} children, whole-file parse ${ref.kids.length}`);
    return;
  }
  for (const f of fieldNames) {
    const got = copy.childrenForFieldName(f).map((k) => kids.indexOf(k));
    const want = ref.kids.flatMap((k, i) => (k.field === f ? [i] : []));
    if (got.join() !== want.join()) problems.push(`${here}: field ${f} holds children [${got}], whole-file parse [${want}]`);
  }
  for (let i = 0; i < kids.length; i++) {
    if (kids[i].parent !== copy) problems.push(`${here}: child ${i} has another parent`);
    compare(ref.kids[i], kids[i], fieldNames, here, problems);
  }
}

function sameAsWholeFile(parser: Parser, name: string, text: string): void {
  const tree = parsePython(parser, text);
  const cursor = tree.walk();
  const ref = reference(cursor, null);
  cursor.delete();
  tree.delete();
  const fieldNames = (parser.language?.fields ?? []).filter((f): f is string => f !== null);
  const problems: string[] = [];
  compare(ref, parseModule(parser, text), fieldNames, name, problems);
  assert.deepEqual(problems, [], `${name}: the chunked parse differs from the whole-file parse`);
  // Through a cache too, reusing every chunk the second time.
  const cache = new SyntaxCache();
  parseModule(parser, text, cache);
  const again = parseModule(parser, text, cache);
  assert.equal(cache.parsed, 0);
  compare(ref, again, fieldNames, name, problems);
  assert.deepEqual(problems, [], `${name}: the cached chunks differ from the whole-file parse`);
  // A parse of the first half only (for a run that stops there), then of the whole through the same cache.
  const halves = new SyntaxCache();
  const half = parseModule(parser, text, halves, Math.floor(text.length / 2));
  const wanted = ref.kids.filter((k) => k.start <= Math.floor(text.length / 2));
  assert.ok(half.children.length >= wanted.length, `${name}: the half parse lacks statements of the first half`);
  for (let i = 0; i < half.children.length; i++) compare(ref.kids[i], half.children[i], fieldNames, `${name} (first half)`, problems);
  compare(ref, parseModule(parser, text, halves), fieldNames, `${name} (after the first half)`, problems);
  assert.deepEqual(problems, [], `${name}: a parse in two steps differs from the whole-file parse`);
}


const validFiles: [string, string][] = [
  ...pythonFiles(path.join(goldenDir(), 'programs')),
  ...pythonFiles(sourceDir('fixtures', 'analysis')),
  ['resnet152.py', resnet152()],
  ['functional_200.py', functionalModel(200)],
  ['large_2000.py', largeFile(2000)],
];

for (const [name, text] of validFiles) {
  test(`chunked parse equals the whole-file parse: ${name}`, async () => {
    const parser = await loadPythonParser();
    sameAsWholeFile(parser, name, text);
    sameAsWholeFile(parser, `${name} (CRLF)`, text.replace(/\n/g, '\r\n'));
  });
}

test('chunk starts after random edits equal a fresh split', () => {
  let seed = 12345;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const snippets = ['(', ')', '"', "'", '"""', '\n', '\\\n', '#', 'def f():\n', '@d\n', 'else:\n', 'x = 1\n', 'f"{', '}', '    ', '\r\n', 'import os\n'];
  const bases = [...validFiles.slice(0, 12).map(([, text]) => text), CASES.map(([, chunks]) => chunks.join('')).join('')];
  for (const base of bases) {
    let text = base;
    let split = splitChunks(text);
    for (let step = 0; step < 60; step++) {
      const at = Math.floor(rnd() * (text.length + 1));
      const end = rnd() < 0.4 ? Math.min(text.length, at + Math.floor(rnd() * 30)) : at;
      const insert = rnd() < 0.3 ? '' : snippets[Math.floor(rnd() * snippets.length)];
      const next = text.slice(0, at) + insert + text.slice(end);
      const edited = chunksAfterEdit(text, split, next);
      const fresh = splitChunks(next);
      assert.deepEqual([edited.starts, edited.recovered], [fresh.starts, fresh.recovered], `after ${JSON.stringify(insert)} at ${at} (${end - at} deleted)`);
      assert.equal(next.slice(0, edited.prefix), text.slice(0, edited.prefix));
      assert.equal(next.slice(next.length - edited.suffix), text.slice(text.length - edited.suffix));
      text = next;
      split = edited;
    }
  }
});

// ---------------------------------------------------------------- direct walker = public cursor API

/** Every copied node as a line (function bodies loaded), with the field it fills in its parent. */
function dump(node: SyntaxNode, fieldNames: readonly string[], out: string[] = [], depth = 0, field = ''): string[] {
  out.push(`${' '.repeat(depth)}${field}${node.type}${node.isNamed ? '' : ' (token)'} ${node.startIndex}-${node.endIndex}`);
  const kids = node.children;
  const fieldOf = new Map<SyntaxNode, string>();
  for (const f of fieldNames) for (const k of node.childrenForFieldName(f)) fieldOf.set(k, `${f}: `);
  for (const k of kids) dump(k, fieldNames, out, depth + 1, fieldOf.get(k) ?? '');
  return out;
}

/** Broken versions of `text`: cut at seeded places, a bracket or colon inserted, a line's indent removed. */
function brokenVersions(text: string, seed: number): string[] {
  const rnd = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < 6; i++) {
    const at = Math.floor(rnd() * text.length);
    const insert = ['(', ':', '"', ' lambda ', '\n  ', ''][i];
    out.push(i === 5 ? text.slice(0, at) : text.slice(0, at) + insert + text.slice(at));
  }
  return out;
}

test('the memory and direct walkers copy exactly what the public cursor API copies, on valid and broken files', async () => {
  const parser = await loadPythonParser();
  assert.equal(currentWalker(), 'memory', 'this web-tree-sitter build passed the memory walker\'s check and offers the cursor functions');
  const fieldNames = (parser.language?.fields ?? []).filter((f): f is string => f !== null);
  let bodies: ParseOptions = {};
  const copy = (kind: WalkerKind, text: string): string[] => {
    useWalker(kind);
    assert.equal(currentWalker(), kind);
    return dump(parseModule(parser, text, undefined, Infinity, undefined, bodies), fieldNames);
  };
  let compared = 0;
  try {
    for (const [name, text] of validFiles) {
      for (const [k, version] of [text, ...brokenVersions(text, name.length)].entries()) {
        // Bodies copied with the rest (walkTree) in even versions, when read (walkNode) in odd ones.
        bodies = { eagerBodiesMax: k % 2 === 0 ? Infinity : 0 };
        const slow = copy('public', version);
        assert.deepEqual(copy('direct', version), slow, `direct walker: ${name}, version ${k}`);
        assert.deepEqual(copy('memory', version), slow, `memory walker: ${name}, version ${k}`);
        compared += slow.length;
      }
    }
  } finally {
    useWalker('memory');
    bodies = {};
  }
  assert.ok(compared > 100_000, `compared ${compared} nodes`);
});

test('the memory walker reads function bodies copied later, and text beyond ASCII, as the cursor does', async () => {
  const parser = await loadPythonParser();
  const fieldNames = (parser.language?.fields ?? []).filter((f): f is string => f !== null);
  // Bodies are copied from a node found in a second parse (walkNode); offsets count UTF-16 units.
  const text = [
    'def f(x, \u00e9=1):\n    s = "\u4e2d\u{1F600}"  # \u00fc\n    return layers.Dense(3)(x)\n',
    'class A:\n    def g(self, *a, **k):\n        return [i for i in a if i] + f"{k!r}"\n',
    'def broken(:\n    x = (1,\n',
  ].join('');
  const dumps: string[][] = [];
  const lazy: ParseOptions = { eagerBodiesMax: 0 };
  try {
    for (const kind of ['public', 'direct', 'memory'] as const) {
      useWalker(kind);
      dumps.push(dump(parseModule(parser, text, undefined, Infinity, undefined, lazy), fieldNames));
    }
  } finally {
    useWalker('memory');

  }
  assert.ok(dumps[0].some((line) => line.includes('return_statement')), 'bodies were copied');
  assert.deepEqual(dumps[1], dumps[0]);
  assert.deepEqual(dumps[2], dumps[0]);
});

// ---------------------------------------------------------------- runs of simple chunks = chunks parsed alone

/** Simple statements among comments in every place a comment can go, and lines that break them. */
const TRICKY = [
  'import keras\nfrom keras import layers\n# lead\nx = keras.Input(shape=(4,))  # trailing\n',
  'y = layers.Dense(3)(x)\n    # indented comment after a simple statement\nz = layers.Dense(\n    # inside brackets\n    4)(y)\n',
  's = "not # a comment"\nt = \'\'\'\n# in a string\n\'\'\'\nmatch(x)\nmatch = 3\ncase = 4\ntype = 5\n',
  'a = 1; b = 2\nc = [1,\n2]\n\n\n# block\n\nd = c\n#end',
  'e = 1\n  f = 2\ng = (\nh = 3\ni = 4\n',
].join('');

test('runs of simple chunks parsed together equal the chunks parsed alone, on valid, broken and edited files', async () => {
  const parser = await loadPythonParser();
  const fieldNames = (parser.language?.fields ?? []).filter((f): f is string => f !== null);
  let compared = 0;
  const versions: [string, string][] = [];
  for (const [name, text] of [...validFiles, ['tricky.py', TRICKY] as [string, string]]) {
    for (const [k, version] of [text, ...brokenVersions(text, name.length + 1)].entries()) versions.push([`${name}, version ${k}`, version]);
  }
  const rnd = seededRandom(99);
  const snippets = ['#', '# c\n', '\n', '    ', '(', ')', 'x', ':', '\\\n', 'if x:\n', '"'];
  let text = TRICKY + functionalModel(40);
  for (let i = 0; i < 150; i++) {
    const at = Math.floor(rnd() * (text.length + 1));
    text = text.slice(0, at) + snippets[Math.floor(rnd() * snippets.length)] + text.slice(at);
    versions.push([`edit ${i}`, text]);
  }
  try {
    for (const [name, version] of versions) {

      const together = parseModule(parser, version, undefined, Infinity, undefined, { chunkRuns: true });
      const run = [`${together.startIndex}-${together.endIndex}`, ...dump(together, fieldNames)];

      const alone = parseModule(parser, version, undefined, Infinity, undefined, { chunkRuns: false });
      assert.deepEqual(run, [`${alone.startIndex}-${alone.endIndex}`, ...dump(alone, fieldNames)], name);
      compared += run.length;
    }
  } finally {

  }
  assert.ok(compared > 100_000, `compared ${compared} nodes`);
});
