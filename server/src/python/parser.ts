// Loading web-tree-sitter and the Python grammar once, and parsing. Offsets of
// nodes are JS string indices (UTF-16 code units). The analysis parses by
// top-level chunks (syntax.ts), never keeping a tree.
//
//   const parser = await loadPythonParser();
//   const tree = parsePython(parser, 'x = Dense(3)(y)\n');
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { checkMemoryWalker, useBinding } from './walker';

let loading: Promise<Parser> | undefined;

/** Syntax with fields, aliases, hidden rules, extras (comments), errors and text beyond ASCII. */
const MEMORY_WALKER_SAMPLE = [
  'import keras, os.path as p\nfrom keras import layers as L, ops\n',
  '@dec(1)\nclass A(B, metaclass=M):\n    """Doc \u00e9\u4e2d."""\n    x: int = 1  # note\n',
  '    async def f(self, a, /, b=2, *c, d: "T" = 3, **e) -> None:\n        return [i ** 2 for i in a if i] or {k: v for k, v in e.items()}\n',
  'x = f"{a!r:>{w}} \u{1F600} {b}" + rb\'\\x\' if y is not None else lambda q, *r: q[1:2, ::3]\n',
  'match cmd:\n    case [1, *rest] | {"k": v} as m if m:\n        pass\n    case Point(x=0):\n        del a[0], b.c\n',
  'try:\n    raise E from None\nexcept* (E, F) as err:\n    global g\nfinally:\n    with open(p) as h, q:\n        yield from h\n',
  'while not a < b <= c != d:\n    a @= b; break\nelse:\n    print(*a, sep="")\n',
  'y = layers.Dense(3,, activation=)(x\nz = (1 +\n',
].join('');

function findWasm(fileName: string, packageFile: string): string {
  // Next to a bundle first (the packaged extension ships the .wasm files beside it).
  const beside = path.join(__dirname, fileName);
  if (fs.existsSync(beside)) return beside;
  return require.resolve(packageFile);
}

/** The shared parser, initialised once (about 20 ms the first time). */
export function loadPythonParser(): Promise<Parser> {
  loading ??= (async () => {
    const runtimeWasm = findWasm('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm');
    // The options object becomes the binding's module: the tree copy calls its cursor functions directly (walker.ts).
    const binding = { locateFile: () => runtimeWasm };
    await Parser.init(binding);
    useBinding(binding);
    const language = await Language.load(findWasm('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    // The first parse is several times slower than the next ones: warm up now.
    parser.parse('import keras\nx = keras.layers.Dense(3)(y)\n')?.delete();
    // Trees are read from wasm memory once that reading matches the cursor's on a sample of most kinds of syntax.
    const sample = parser.parse(MEMORY_WALKER_SAMPLE);
    if (sample) {
      checkMemoryWalker(sample);
      sample.delete();
    }
    return parser;
  })();
  return loading;
}

/** A fresh parse of `text`; the caller deletes the tree. */
export function parsePython(parser: Parser, text: string): Tree {
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
