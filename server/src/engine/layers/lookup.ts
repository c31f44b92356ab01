// Lookup preprocessing layers: StringLookup, IntegerLookup, TextVectorization.
// Their weights are lookup tables, not variables: no params. The output shape
// depends on the vocabulary only outside `output_mode="int"`:
//   StringLookup() on (None, 1)                                   → (None, 1), int64 ids
//   StringLookup(output_mode="one_hot", max_tokens=20,
//                pad_to_max_tokens=True) on (None, 1)             → (None, 20)
//   StringLookup(vocabulary=["a", "b", "c"],
//                output_mode="multi_hot") on (None, 4)            → (None, 4): 3 tokens + 1 OOV
//   TextVectorization(output_sequence_length=200) on (None,)      → (None, 200)
// A vocabulary learnt by `adapt()` makes the non-int shapes unknown (with
// that reason): its size is only known when the data is.
import type { ArgReader } from '../args';
import { failConstruct, unknown } from '../errors';
import { formatShape, pyStr } from '../format';
import { singleInput } from '../shapeUtils';
import type { LayerSpec } from '../spec';
import type { Dim, PyValue, Shape } from '../types';

/** The layers with a vocabulary (`vocabulary_size()`, `set_vocabulary()`, `adapt()`). */
export const LOOKUP_LAYERS: readonly string[] = ['StringLookup', 'IntegerLookup', 'TextVectorization'];

/**
 * The layers that take a Python list in their call and make it a tensor
 * themselves (`vectorizer(["the cat sat"])`): Keras lets them take
 * non-tensor positional arguments and converts inside `call`.
 */
export const LIST_INPUT_LAYERS: readonly string[] = [...LOOKUP_LAYERS, 'Hashing'];

/**
 * Whether such a layer, called on a Python list of `leaf` values whose
 * nesting has `shape`, gives what it computes for an input of that shape
 * (a `None` there being a size the data sets): 'ok' when it does; 'mode'
 * when its output mode is not followed on a list (only the integer modes
 * are), 'values' when these values or this nesting are not (TextVectorization
 * takes strings of rank 1, or with a last axis of 1 it squeezes, and a split).
 */
export function listInputSupport(a: ArgReader, shape: Shape, leaf: 'str' | 'int' | 'float'): 'ok' | 'mode' | 'values' {
  const name = a.className;
  if (a.raw('output_mode') !== 'int') return 'mode';
  if (name === 'Hashing') return leaf === 'float' ? 'values' : 'ok';
  if (name !== 'TextVectorization' && a.bool('invert')) return 'mode';
  if (name === 'IntegerLookup') return leaf === 'int' ? 'ok' : 'values';
  if (leaf !== 'str') return 'values';
  if (name === 'StringLookup') return 'ok';
  if (a.raw('split') === null) return 'values';
  return shape.length === 1 || (shape.length === 2 && shape[1] === 1) ? 'ok' : 'values';
}

const LOOKUP_MODES = ['int', 'one_hot', 'multi_hot', 'count', 'tf_idf'];

/** `binary` and `tf-idf` are accepted spellings of `multi_hot` and `tf_idf`. */
function lookupMode(a: ArgReader): string {
  const caller = a.className;
  const raw = a.get('output_mode');
  const mode = raw === 'binary' ? 'multi_hot' : raw === 'tf-idf' ? 'tf_idf' : raw;
  if (typeof mode !== 'string' || !LOOKUP_MODES.includes(mode)) {
    failConstruct(
      'invalid-argument',
      `Unknown value for \`output_mode\` argument of ${caller}. Allowed values are: (${LOOKUP_MODES.map((m) => `'${m}'`).join(', ')}). Received: output_mode=${pyStr(raw)}`,
    );
  }
  return mode;
}

function checkLookupConstruct(a: ArgReader): void {
  const mode = lookupMode(a);
  if (a.has('invert') && a.bool('invert') && mode !== 'int') {
    failConstruct('invalid-argument', `\`output_mode\` must be \`'int'\` when \`invert\` is true. Received: output_mode=${mode}`);
  }
  if (a.bool('sparse') && mode === 'int') {
    failConstruct(
      'invalid-argument',
      `\`sparse\` may only be true if \`output_mode\` is \`'one_hot'\`, \`'multi_hot'\`, \`'count'\` or \`'tf_idf'\`. Received: sparse=True and output_mode=${mode}`,
    );
  }
  if (a.raw('idf_weights') !== null && mode !== 'tf_idf') {
    failConstruct('invalid-argument', `\`idf_weights\` should only be set if \`output_mode\` is \`'tf_idf'\`. Received: idf_weights=${pyStr(a.raw('idf_weights'))} and output_mode=${mode}`);
  }
}

/**
 * The width of a one-hot / multi-hot output: `max_tokens` when padded to it,
 * else the vocabulary's size (its tokens plus the OOV indices) when the
 * vocabulary is written in the call; unknown when `adapt()` makes it.
 */
function vocabularyDepth(a: ArgReader): number {
  if (a.bool('pad_to_max_tokens')) {
    const max = a.intOrNull('max_tokens');
    if (max !== null) return max;
  }
  const vocab = a.raw('vocabulary');
  // Learnt by `adapt()`, or not known to the analysis: probed, the width is a size that depends on the data.
  const probe = vocab === null ? a.probeSize() : a.probed('vocabulary');
  if (probe !== undefined) return probe + a.int('num_oov_indices');
  if (vocab === null) unknown('the vocabulary size is set by `adapt()` on the data; pass `vocabulary=` or `max_tokens=` with `pad_to_max_tokens=True` to fix it');
  const tokens = a.get('vocabulary');
  if (!Array.isArray(tokens)) unknown('the vocabulary is read from a file');
  const items = tokens as readonly PyValue[];
  const oovToken = a.raw('oov_token');
  // Special tokens written into the vocabulary change how Keras counts it: leave those to the data.
  if (a.raw('mask_token') !== null || items.some((t) => t === oovToken) || new Set(items.map((t) => pyStr(t))).size !== items.length) {
    unknown('the vocabulary holds special or repeated tokens');
  }
  return items.length + a.int('num_oov_indices');
}

/**
 * `layer.vocabulary_size()` of a lookup layer whose vocabulary is written in
 * the call: its tokens, the OOV indices and, in `int` mode, the mask index
 * (TextVectorization has one OOV index and the mask `""`). Unknown otherwise
 * (a vocabulary from `adapt()` or a file).
 */
export function lookupVocabularySize(a: ArgReader): number {
  const vocab = a.raw('vocabulary');
  if (vocab === null) unknown('the vocabulary is set by `adapt()` on the data');
  const tokens = a.get('vocabulary');
  if (!Array.isArray(tokens)) unknown('the vocabulary is read from a file');
  const items = tokens as readonly PyValue[];
  const text = a.className === 'TextVectorization';
  const mask = text ? '' : a.raw('mask_token');
  const oov = text ? '[UNK]' : a.raw('oov_token');
  if (items.some((t) => t === oov || (mask !== null && t === mask)) || new Set(items.map((t) => pyStr(t))).size !== items.length) {
    unknown('the vocabulary holds special or repeated tokens');
  }
  const oovIndices = text ? 1 : a.int('num_oov_indices');
  return items.length + oovIndices + (mask !== null && lookupMode(a) === 'int' ? 1 : 0);
}

function lookupHead(oovToken: PyValue): LayerSpec['params'] {
  return [
    { name: 'max_tokens', default: null },
    { name: 'num_oov_indices', default: 1 },
    { name: 'mask_token', default: null },
    { name: 'oov_token', default: oovToken },
    { name: 'vocabulary', default: null },
  ];
}

/** IndexLookup's compute_output_shape for the non-int modes. */
function encodedShape(shape: Shape, mode: string, depth: number): Dim[] {
  if (mode === 'one_hot') {
    if (shape.length > 1 && shape[shape.length - 1] === 1) return [...shape.slice(0, -1), depth];
    return [...shape, depth];
  }
  return [...shape.slice(0, -1), depth];
}

function lookupSpec(className: string, docPath: string, params: LayerSpec['params']): LayerSpec {
  return {
    className,
    docPath,
    params,
    extraKeywords: ['salt'],
    construct: (a) => checkLookupConstruct(a),
    compute: (a, input, ctx) => {
      const mode = lookupMode(a);
      const shape = singleInput(input, ctx);
      if (mode === 'int') {
        return { outputs: [shape], weights: [], explain: [{ label: 'output', text: `${formatShape(shape)} unchanged: each token becomes its integer id` }] };
      }
      const depth = vocabularyDepth(a);
      const out = encodedShape(shape, mode, depth);
      return { outputs: [out], weights: [], explain: [{ label: 'output', text: `${formatShape(shape)} → ${formatShape(out)}; ${mode} over a vocabulary of ${depth}` }] };
    },
  };
}

const textVectorization: LayerSpec = {
  className: 'TextVectorization',
  docPath: 'preprocessing_layers/text/text_vectorization',
  params: [
    { name: 'max_tokens', default: null },
    { name: 'standardize', default: 'lower_and_strip_punctuation' },
    { name: 'split', default: 'whitespace' },
    { name: 'ngrams', default: null },
    { name: 'output_mode', default: 'int' },
    { name: 'output_sequence_length', default: null },
    { name: 'pad_to_max_tokens', default: false },
    { name: 'vocabulary', default: null },
    { name: 'idf_weights', default: null },
    { name: 'sparse', default: false },
    { name: 'ragged', default: false },
    { name: 'encoding', default: 'utf-8' },
  ],
  construct: (a) => {
    const mode = lookupMode(a);
    if (a.raw('output_sequence_length') !== null && mode !== 'int') {
      failConstruct('invalid-argument', `\`output_sequence_length\` must not be set if \`output_mode\` is not 'int'. Received output_sequence_length=${pyStr(a.raw('output_sequence_length'))}.`);
    }
  },
  compute: (a, input, ctx) => {
    const mode = lookupMode(a);
    const shape = singleInput(input, ctx);
    if (mode === 'int') {
      const length = a.intOrNull('output_sequence_length');
      const out: Dim[] = [shape.length > 0 ? shape[0] : null, length];
      const why = length === null ? 'the number of tokens depends on the text (set `output_sequence_length` to pad or cut to a length)' : `padded or cut to output_sequence_length=${length}`;
      return { outputs: [out], weights: [], explain: [{ label: 'output', text: `${formatShape(shape)} → ${formatShape(out)}: ${why}` }] };
    }
    const split = a.raw('split');
    const tokens: Dim[] = split === null ? (shape.length <= 1 ? [...shape, 1] : [...shape]) : [...shape, null];
    const depth = vocabularyDepth(a);
    const out = encodedShape(tokens, mode, depth);
    return { outputs: [out], weights: [], explain: [{ label: 'output', text: `${formatShape(shape)} → ${formatShape(out)}; ${mode} over a vocabulary of ${depth}` }] };
  },
};

export const specs: LayerSpec[] = [
  // Positional order as in Keras: the two classes order `sparse` and `pad_to_max_tokens` differently.
  lookupSpec('StringLookup', 'preprocessing_layers/categorical/string_lookup', [
    ...lookupHead('[UNK]'),
    { name: 'idf_weights', default: null },
    { name: 'invert', default: false },
    { name: 'output_mode', default: 'int' },
    { name: 'pad_to_max_tokens', default: false },
    { name: 'sparse', default: false },
    { name: 'encoding', default: 'utf-8' },
  ]),
  lookupSpec('IntegerLookup', 'preprocessing_layers/categorical/integer_lookup', [
    ...lookupHead(-1),
    { name: 'vocabulary_dtype', default: 'int64' },
    { name: 'idf_weights', default: null },
    { name: 'invert', default: false },
    { name: 'output_mode', default: 'int' },
    { name: 'sparse', default: false },
    { name: 'pad_to_max_tokens', default: false },
    { name: 'oov_method', default: 'floormod' },
  ]),
  textVectorization,
];
