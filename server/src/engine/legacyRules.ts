// The argument rules: keyword renames per family, and the argument forms
// that need more than a rename (Keras 1's separate kernel numbers,
// input_dim/input_length, batch_input_shape, the AveragePooling default, an
// integer Input shape). `applyRules` runs every rule that fits a call.
import {
  ALL_OLD,
  CALLEE,
  KERAS1,
  KERAS12,
  TF_KERAS2,
  isInt,
  isTuple,
  isUnknownValue,
  keras3Accepts,
  keras3ClassName,
  keywordRef,
  noAttribute,
  positionalRef,
  renameKeyword,
  show,
  unrecognized,
  type ArgRef,
  type FixPiece,
  type KerasVersion,
  type LegacyEdit,
  type Recorder,
} from './legacyCore';
import type { PyValue } from './types';
import { classRename, mergeRule, thetaRule, timeDistributedDenseNote, timeDistributedDenseRestructure } from './legacyClasses';
import { FAMILIES, KERAS1_CONV_NAMES, REMOVED_LAYERS, VALUE_CONVERSIONS, kwText, src, targetClass, type Family } from './legacyTables';

export function applyRules(r: Recorder): void {
  const name = r.original.className;
  if (name === 'Merge' || name === 'merge') {
    mergeRule(r);
    return;
  }
  const removed = REMOVED_LAYERS[name];
  if (removed !== undefined) {
    r.add({
      code: 'legacy-layer',
      at: CALLEE,
      old: name,
      keras3: null,
      validIn: ALL_OLD,
      behaviour: noAttribute(name),
      meaning: `\`${name}\` is ${removed}, which Keras 3 no longer has`,
      detail: 'Its output shape is not computed.',
    });
    return;
  }
  const target = targetClass(name);
  const canonical = target === 'Model' || target === 'Input' || target === 'InputLayer' ? target : keras3ClassName(target);
  const family = FAMILIES[canonical];
  classRename(r, name);
  if (name === 'TimeDistributedDense') timeDistributedDenseNote(r);
  if (family !== undefined) {
    if (family.deconv === true) deconvOutputShape(r);
    if (family.kernelRank !== undefined) kernelRule(r, family.kernelRank, family);
    if (family.separableInit === true) separableInit(r, canonical);
    if (family.forgetBias === true) forgetBiasRule(r, canonical);
    for (const [old, now] of family.renames) renameRule(r, canonical, old, now);
    if (canonical === 'SimpleRNN') simpleRnnImplementation(r);
    if (canonical === 'Embedding') embeddingDropout(r);
    if (canonical === 'BatchNormalization') batchNormRules(r);
    if (canonical === 'ZeroPadding2D') zeroPaddingDict(r);
    if (family.inputDims !== undefined) inputDimsRule(r, canonical, family.inputDims);
  }
  if (name === 'ThresholdedReLU') thetaRule(r);
  if (name === 'TimeDistributedDense') inputDimsRule(r, 'TimeDistributedDense', KERAS1);
  if (canonical === 'Input' || canonical === 'InputLayer') {
    inputShapeInt(r, canonical);
    if (canonical === 'Input') inputBatchShape(r);
  } else if (canonical !== 'Model') baseKeywordRules(r, canonical);
  if (family?.poolDefault !== undefined) poolDefaultRule(r, canonical, family.poolDefault);
  if (name === 'TimeDistributedDense') timeDistributedDenseRestructure(r);
}

function renameRule(r: Recorder, className: string, old: string, now: string): void {
  if (!r.has(old)) return;
  const v = r.kw(old) as PyValue;
  const ref = keywordRef(old);
  const conversions = VALUE_CONVERSIONS[old];
  let value: PyValue = v;
  let text: FixPiece[] = [`${now}=`, src(ref)];
  let converted = false;
  if (conversions !== undefined && typeof v === 'string' && Object.prototype.hasOwnProperty.call(conversions, v)) {
    value = conversions[v];
    converted = true;
    text = [`${now}=${show(value)}`];
  }
  // `dim_ordering='default'` means "the configured format", which is data_format=None: drop it.
  const drop = converted && value === null;
  // Keras 3's SimpleRNN has no `implementation`: consume_less only picked an implementation.
  const dropImpl = now === 'implementation' && !keras3Accepts(className, 'implementation');
  const both = r.has(now);
  const behaviour = unrecognized(className, [[old, v]]);
  if (both) {
    r.add(
      {
        code: 'legacy-argument',
        at: ref,
        old: kwText(old, v),
        keras3: '',
        validIn: KERAS12,
        behaviour,
        meaning: `\`${old}\` is Keras 1's spelling of \`${now}\`, which is also passed (Keras 2 raised: use only \`${now}\`)`,
        fix: [{ kind: 'remove', target: ref }],
      },
      (w) => {
        w.keywords.delete(old);
      },
    );
    return;
  }
  if (drop || dropImpl) {
    r.add(
      {
        code: 'legacy-argument',
        at: ref,
        old: kwText(old, v),
        keras3: '',
        validIn: KERAS12,
        behaviour,
        meaning: drop
          ? `\`${kwText(old, v)}\` is Keras 1's way of saying "the configured image data format", Keras 3's default`
          : `\`${kwText(old, v)}\` is Keras 1's choice of implementation, which Keras 3's ${className} does not have (it does not change shapes)`,
        fix: [{ kind: 'remove', target: ref }],
      },
      (w) => {
        w.keywords.delete(old);
      },
    );
    return;
  }
  const nowText = `${now}=${show(value)}`;
  r.add(
    {
      code: 'legacy-argument',
      at: ref,
      old: kwText(old, v),
      keras3: nowText,
      validIn: KERAS12,
      behaviour,
      meaning: `\`${kwText(old, v)}\` is Keras 1's spelling of \`${nowText}\``,
      fix: [{ kind: 'replace', target: ref, text }],
    },
    (w) => renameKeyword(w, old, now, value),
  );
}

/** Keras 1's Deconvolution2D took the output shape, which Keras 2 computes (and dropped). */
function deconvOutputShape(r: Recorder): void {
  const pos = r.original.positional;
  const meaning = (v: PyValue | undefined): string =>
    `\`output_shape=${show(v)}\` is Keras 1's Deconvolution2D argument; Keras 2 and later compute the output shape from the padding and strides`;
  if (pos.length === 4 && isTuple(pos[3])) {
    r.add(
      {
        code: 'legacy-argument',
        at: positionalRef(3),
        old: show(pos[3]),
        keras3: '',
        validIn: KERAS12,
        behaviour: { kind: 'misreads', text: `reads it as \`padding=${show(pos[3])}\`` },
        meaning: meaning(pos[3]),
        fix: [{ kind: 'remove', target: positionalRef(3) }],
      },
      (w) => {
        if (w.positional.length === 4) w.positional.splice(3, 1);
      },
    );
  }
  if (r.has('output_shape')) {
    const ref = keywordRef('output_shape');
    r.add(
      {
        code: 'legacy-argument',
        at: ref,
        old: kwText('output_shape', r.kw('output_shape')),
        keras3: '',
        validIn: KERAS12,
        behaviour: unrecognized('Conv2DTranspose', [['output_shape', r.kw('output_shape')]]),
        meaning: meaning(r.kw('output_shape')),
        fix: [{ kind: 'remove', target: ref }],
      },
      (w) => {
        w.keywords.delete('output_shape');
      },
    );
  }
}

function intLike(v: PyValue | undefined): boolean {
  return isInt(v) || isUnknownValue(v);
}

/** Whether the call has a keyword only Keras 1 spells so (evidence the whole call is Keras 1 code). */
function hasKeras1Keyword(r: Recorder, family: Family): boolean {
  const olds = new Set(['init', ...family.renames.map(([o]) => o)]);
  for (const k of Object.keys(r.original.keywords)) {
    if (olds.has(k) || k === 'nb_row' || k === 'nb_col' || k.startsWith('kernel_dim')) return true;
  }
  return false;
}

/**
 * Keras 1's `Convolution2D(nb_filter, nb_row, nb_col)` (and 3D's kernel_dim1..3),
 * positionally or by keyword. Keras 2 read two integers after the filters as
 * the kernel; Keras 3 (and tf.keras 2) read the second one as strides.
 */
function kernelRule(r: Recorder, rank: 2 | 3, family: Family): void {
  const names = rank === 2 ? ['nb_row', 'nb_col'] : ['kernel_dim1', 'kernel_dim2', 'kernel_dim3'];
  const pos = r.original.positional;
  // Deconvolution2D's fourth positional (the output shape) is dropped by its own rule.
  const usable = family.deconv === true && pos.length === 4 && isTuple(pos[3]) ? 3 : pos.length;
  let k = 0;
  while (k < rank && 1 + k < usable && intLike(pos[1 + k])) k++;
  const kwNames = names.slice(k);
  if (!kwNames.every((n) => r.has(n))) return;
  if (kwNames.length === 0 && k < 2) return;
  if (k === rank && kwNames.length === 0) {
    // Only positional numbers: Keras 3 accepts the call, with another meaning.
    // With Keras 2 keywords beside them the call is Keras 2+ code (Keras 2 itself refused to guess).
    if (['padding', 'strides', 'data_format'].some((n) => r.has(n))) return;
    const evidence = KERAS1_CONV_NAMES.has(r.original.className) || hasKeras1Keyword(r, family);
    if ((r.version === '3' || r.version === 'tf.keras2') && !evidence) return;
  }
  const dims: PyValue[] = [];
  const pieces: FixPiece[] = ['('];
  const oldParts: string[] = [];
  for (let i = 0; i < k; i++) {
    dims.push(pos[1 + i]);
    if (i > 0) pieces.push(', ');
    pieces.push(src(positionalRef(1 + i)));
    oldParts.push(show(pos[1 + i]));
  }
  for (const n of kwNames) {
    dims.push(r.kw(n) as PyValue);
    if (pieces.length > 1) pieces.push(', ');
    pieces.push(src(keywordRef(n)));
    oldParts.push(kwText(n, r.kw(n)));
  }
  pieces.push(')');
  const kernel = show(dims);
  const filtersText = pos.length > 0 ? show(pos[0]) : r.has('nb_filter') ? kwText('nb_filter', r.kw('nb_filter')) : kwText('filters', r.kw('filters'));
  const cls = keras3ClassName(targetClass(r.original.className));
  const fix: LegacyEdit[] = [];
  if (k > 0) {
    fix.push({ kind: 'replace', target: positionalRef(1), ...(k > 1 ? { through: positionalRef(k) } : {}), text: pieces });
  } else fix.push({ kind: 'replace', target: keywordRef(kwNames[0]), text: ['kernel_size=', ...pieces] });
  for (const n of k > 0 ? kwNames : kwNames.slice(1)) fix.push({ kind: 'remove', target: keywordRef(n) });
  const readAs =
    rank === 2
      ? `reads it as \`kernel_size=${show(pos[1])}, strides=${show(pos[2])}\``
      : `reads it as \`kernel_size=${show(pos[1])}, strides=${show(pos[2])}, padding=${show(pos[3])}\``;
  const behaviour =
    kwNames.length > 0 ? unrecognized(cls, kwNames.map((n) => [n, r.kw(n)] as const)) : ({ kind: 'misreads', text: readAs } as const);
  const dimsText = dims.every(isInt) ? ` (a ${dims.join('×')} kernel)` : '';
  r.add(
    {
      code: 'legacy-argument',
      at: k > 0 ? positionalRef(1) : keywordRef(kwNames[0]),
      old: oldParts.join(', '),
      keras3: k > 0 ? kernel : `kernel_size=${kernel}`,
      validIn: KERAS12,
      behaviour,
      meaning: `In \`${r.original.className}(${[filtersText, ...oldParts].join(', ')})\`, \`${oldParts.join(', ')}\` is Keras 1's form of the kernel size, one number per axis${dimsText}`,
      fixTitle: `Write the kernel size as \`${kernel}\``,
      fix,
    },
    (w) => {
      if (k > 0) {
        if (w.positional.length >= 1 + k) w.positional.splice(1, k, dims);
        for (const n of kwNames) w.keywords.delete(n);
      } else {
        renameKeyword(w, kwNames[0], 'kernel_size', dims);
        for (const n of kwNames.slice(1)) w.keywords.delete(n);
      }
    },
  );
}

function separableInit(r: Recorder, className: string): void {
  if (!r.has('init')) return;
  const v = r.kw('init') as PyValue;
  const ref = keywordRef('init');
  const now = `depthwise_initializer=${show(v)}, pointwise_initializer=${show(v)}`;
  r.add(
    {
      code: 'legacy-argument',
      at: ref,
      old: kwText('init', v),
      keras3: now,
      validIn: KERAS12,
      behaviour: unrecognized(className, [['init', v]]),
      meaning: `\`${kwText('init', v)}\` is Keras 1's initializer of both of SeparableConvolution2D's kernels`,
      fix: [{ kind: 'replace', target: ref, text: ['depthwise_initializer=', src(ref), ', pointwise_initializer=', src(ref)] }],
    },
    (w) => {
      if (!w.keywords.has('init')) return;
      renameKeyword(w, 'init', 'depthwise_initializer', v);
      if (!w.keywords.has('pointwise_initializer')) w.keywords.set('pointwise_initializer', v);
    },
  );
}

function forgetBiasRule(r: Recorder, className: string): void {
  if (!r.has('forget_bias_init')) return;
  const v = r.kw('forget_bias_init') as PyValue;
  const ref = keywordRef('forget_bias_init');
  const one = v === 'one';
  r.add(
    {
      code: 'legacy-argument',
      at: ref,
      old: kwText('forget_bias_init', v),
      keras3: one ? 'unit_forget_bias=True' : '',
      validIn: KERAS12,
      behaviour: unrecognized(className, [['forget_bias_init', v]]),
      meaning: one
        ? "`forget_bias_init='one'` is Keras 1's spelling of `unit_forget_bias=True`"
        : `\`${kwText('forget_bias_init', v)}\` is a Keras 1 initializer of the forget gate's bias that Keras 2 ignored`,
      fix: one ? [{ kind: 'replace', target: ref, text: ['unit_forget_bias=True'] }] : [{ kind: 'remove', target: ref }],
    },
    (w) => {
      if (one) renameKeyword(w, 'forget_bias_init', 'unit_forget_bias', true);
      else w.keywords.delete('forget_bias_init');
    },
  );
}

/** Keras 2's `implementation=` on SimpleRNN (Keras 3's SimpleRNN has none). */
function simpleRnnImplementation(r: Recorder): void {
  if (!r.has('implementation') || keras3Accepts('SimpleRNN', 'implementation')) return;
  const ref = keywordRef('implementation');
  const v = r.kw('implementation');
  r.add(
    {
      code: 'legacy-argument',
      at: ref,
      old: kwText('implementation', v),
      keras3: '',
      validIn: ['2', 'tf.keras2'],
      behaviour: unrecognized('SimpleRNN', [['implementation', v]]),
      meaning: `\`${kwText('implementation', v)}\` picked Keras 2's SimpleRNN implementation (no effect on shapes)`,
      fix: [{ kind: 'remove', target: ref }],
    },
    (w) => {
      w.keywords.delete('implementation');
    },
  );
}

function embeddingDropout(r: Recorder): void {
  if (!r.has('dropout')) return;
  const ref = keywordRef('dropout');
  const v = r.kw('dropout');
  r.add(
    {
      code: 'legacy-argument',
      at: ref,
      old: kwText('dropout', v),
      keras3: '',
      validIn: KERAS12,
      behaviour: unrecognized('Embedding', [['dropout', v]]),
      meaning: `\`${kwText('dropout', v)}\` is Keras 1's dropout of whole embeddings, which Keras 2 ignored`,
      detail: 'For the same effect, add `SpatialDropout1D(rate)` right after the Embedding.',
      fix: [{ kind: 'remove', target: ref }],
    },
    (w) => {
      w.keywords.delete('dropout');
    },
  );
}

function batchNormRules(r: Recorder): void {
  if (r.has('mode')) {
    const ref = keywordRef('mode');
    const v = r.kw('mode');
    const zero = v === 0;
    r.add(
      {
        code: 'legacy-argument',
        at: ref,
        old: kwText('mode', v),
        keras3: zero ? '' : null,
        validIn: zero ? KERAS12 : KERAS1,
        behaviour: unrecognized('BatchNormalization', [['mode', v]]),
        meaning: zero
          ? "`mode=0` is Keras 1's feature-wise batch normalization, the only kind Keras 2 and 3 have"
          : `\`${kwText('mode', v)}\` is a Keras 1 normalization mode that Keras 2 removed (it raised); Keras 3 has no equivalent`,
        ...(zero ? { fix: [{ kind: 'remove', target: ref } as const] } : {}),
      },
      zero
        ? (w) => {
            w.keywords.delete('mode');
          }
        : undefined,
    );
  }
  if (r.has('fused')) {
    const ref = keywordRef('fused');
    const v = r.kw('fused');
    r.add(
      {
        code: 'legacy-argument',
        at: ref,
        old: kwText('fused', v),
        keras3: '',
        validIn: TF_KERAS2,
        behaviour: unrecognized('BatchNormalization', [['fused', v]]),
        meaning: `\`${kwText('fused', v)}\` is a tf.keras 2 speed switch (no effect on shapes)`,
        fix: [{ kind: 'remove', target: ref }],
      },
      (w) => {
        w.keywords.delete('fused');
      },
    );
  }
}

/** Keras 1's ZeroPadding2D(padding={'top_pad': …, …}). */
function zeroPaddingDict(r: Recorder): void {
  const pos = r.original.positional;
  const at = r.has('padding') ? keywordRef('padding') : pos.length > 0 ? positionalRef(0) : null;
  if (at === null) return;
  const v = at.kind === 'keyword' ? r.kw('padding') : pos[0];
  if (typeof v !== 'object' || v === null || Array.isArray(v) || (v as { kind: string }).kind !== 'dict') return;
  const entries = (v as { entries: Readonly<Record<string, PyValue>> }).entries;
  const keys = Object.keys(entries);
  if (!keys.every((k) => ['top_pad', 'bottom_pad', 'left_pad', 'right_pad'].includes(k))) return;
  const get = (k: string): PyValue => (Object.prototype.hasOwnProperty.call(entries, k) ? entries[k] : 0);
  const pairs: PyValue = [
    [get('top_pad'), get('bottom_pad')],
    [get('left_pad'), get('right_pad')],
  ];
  const text = show(pairs);
  r.add(
    {
      code: 'legacy-argument',
      at,
      old: at.kind === 'keyword' ? kwText('padding', v) : show(v),
      keras3: at.kind === 'keyword' ? `padding=${text}` : text,
      validIn: KERAS12,
      // A dict has a length: Keras 3 wants two entries, then indexes it by position.
      behaviour:
        keys.length === 2
          ? { kind: 'raises', error: 'KeyError: 0' }
          : { kind: 'raises', error: `ValueError: \`padding\` should have two elements. Received: padding=${show(v)}.` },
      meaning: `\`${show(v)}\` is Keras 1's dict form of the padding, ((top, bottom), (left, right))`,
      fix: [{ kind: 'replace', target: at, text: [at.kind === 'keyword' ? `padding=${text}` : text] }],
    },
    (w) => {
      if (at.kind === 'keyword') w.keywords.set('padding', pairs);
      else if (w.positional.length > 0) w.positional[0] = pairs;
    },
  );
}


/**
 * `input_dim` (and `input_length`) on recurrent layers and Conv1D: Keras 2
 * made `input_shape=(input_length, input_dim)`; Keras 3 takes `input_dim`
 * for `input_shape=(input_dim,)`, one axis short.
 */
function inputDimsRule(r: Recorder, className: string, validIn: readonly KerasVersion[]): void {
  if (r.has('input_shape') || !(r.has('input_dim') || r.has('input_length'))) return;
  const dim = r.has('input_dim') ? r.kw('input_dim') : null;
  const length = r.has('input_length') ? r.kw('input_length') : null;
  const shape: PyValue = [length ?? null, dim ?? null];
  const shapeText = show(shape);
  const first = r.has('input_dim') ? 'input_dim' : 'input_length';
  const other = first === 'input_dim' && r.has('input_length') ? 'input_length' : null;
  const pieces: FixPiece[] = [
    'input_shape=(',
    r.has('input_length') ? src(keywordRef('input_length')) : 'None',
    ', ',
    r.has('input_dim') ? src(keywordRef('input_dim')) : 'None',
    ')',
  ];
  const fix: LegacyEdit[] = [{ kind: 'replace', target: keywordRef(first), text: pieces }];
  if (other !== null) fix.push({ kind: 'remove', target: keywordRef(other) });
  const olds = [first, ...(other !== null ? [other] : [])].map((k) => kwText(k, r.kw(k)));
  const k3 = keras3ClassName(className === 'TimeDistributedDense' ? 'Dense' : className);
  const behaviour = r.has('input_length')
    ? unrecognized(k3, [['input_length', r.kw('input_length')]])
    : ({ kind: 'misreads', text: `reads \`input_dim=${show(dim ?? undefined)}\` as \`input_shape=(${show(dim ?? undefined)},)\`, one axis short of the (steps, features) input ${k3} takes` } as const);
  r.add(
    {
      code: 'legacy-argument',
      at: keywordRef(first),
      old: olds.join(', '),
      keras3: `input_shape=${shapeText}`,
      validIn,
      behaviour,
      meaning: `\`${olds.join(', ')}\` is Keras 1's way of giving the input shape (steps, features)`,
      fix,
    },
    (w) => {
      w.keywords.delete('input_length');
      if (w.keywords.has('input_dim')) renameKeyword(w, 'input_dim', 'input_shape', shape);
      else w.keywords.set('input_shape', shape);
    },
  );
}

/** `batch_input_shape`, `batch_size` and `weights`, which every Keras 1/2 and tf.keras 2 layer took. */
function baseKeywordRules(r: Recorder, className: string): void {
  const base = className === 'TimeDistributed' || r.original.className === 'TimeDistributedDense' ? 'TimeDistributed' : className;
  const known = keras3Accepts(base, 'name');
  if (!known) return;
  if (r.has('batch_input_shape') && !keras3Accepts(base, 'batch_input_shape')) {
    const ref = keywordRef('batch_input_shape');
    const v = r.kw('batch_input_shape') as PyValue;
    const tuple = isTuple(v) && v.length >= 1 ? v : null;
    const tail: PyValue = tuple !== null ? tuple.slice(1) : { kind: 'unknown', why: 'batch_input_shape is not known statically' };
    const head = tuple !== null ? tuple[0] : undefined;
    const batch = head === null || isInt(head) ? head : undefined;
    const tailText = tuple !== null ? show(tail) : '…';
    r.add(
      {
        code: 'legacy-argument',
        at: ref,
        old: kwText('batch_input_shape', v),
        keras3: `input_shape=${tailText}`,
        validIn: ALL_OLD,
        behaviour: unrecognized(base, [['batch_input_shape', v]]),
        meaning: `\`${kwText('batch_input_shape', v)}\` gave the first layer's input shape with its batch size`,
        detail:
          tuple !== null
            ? `Keras 3's way to keep the batch size is \`keras.Input(batch_shape=${show(v)})\` before this layer.`
            : undefined,
        ...(tuple !== null ? { fix: [{ kind: 'replace', target: ref, text: [`input_shape=${tailText}`] } as const] } : {}),
      },
      (w) => {
        renameKeyword(w, 'batch_input_shape', 'input_shape', tail);
        if (batch !== undefined) w.batchSize = batch;
      },
    );
  }
  if (r.has('batch_size') && !keras3Accepts(base, 'batch_size')) {
    const ref = keywordRef('batch_size');
    const v = r.kw('batch_size') as PyValue;
    r.add(
      {
        code: 'legacy-argument',
        at: ref,
        old: kwText('batch_size', v),
        keras3: '',
        validIn: ALL_OLD,
        behaviour: unrecognized(base, [['batch_size', v]]),
        meaning: `\`${kwText('batch_size', v)}\` fixed the batch size of a first layer's input`,
        detail: 'In Keras 3 write `keras.Input(shape, batch_size=…)` before the layer.',
        fix: [{ kind: 'remove', target: ref }],
      },
      (w) => {
        w.keywords.delete('batch_size');
        if (v === null || isInt(v)) w.batchSize = v;
      },
    );
  }
  if (r.has('weights') && !keras3Accepts(base, 'weights')) {
    const ref = keywordRef('weights');
    const v = r.kw('weights');
    r.add(
      {
        code: 'legacy-argument',
        at: ref,
        old: kwText('weights', v),
        keras3: '',
        validIn: ALL_OLD,
        behaviour: unrecognized(base, [['weights', v]]),
        meaning: '`weights=` set the initial weights of any Keras 1/2 layer (no effect on shapes)',
        detail: 'In Keras 3 call `layer.set_weights(...)` once the layer is built.',
        fix: [{ kind: 'remove', target: ref }],
      },
      (w) => {
        w.keywords.delete('weights');
      },
    );
  }
}

/** `AveragePooling2D()`: pool_size defaulted to 2 (per axis) before Keras 3, which requires it. */
function poolDefaultRule(r: Recorder, className: string, pool: PyValue): void {
  if (r.full.positional.length > 0 || r.full.keywords.has('pool_size')) return;
  const text = `pool_size=${show(pool)}`;
  r.add(
    {
      code: 'legacy-argument',
      at: CALLEE,
      old: `${r.original.className}(${Object.keys(r.original.keywords).length > 0 ? '…' : ''})`,
      keras3: text,
      validIn: ALL_OLD,
      behaviour: { kind: 'raises', error: `TypeError: ${className}.__init__() missing 1 required positional argument: 'pool_size'` },
      meaning: `\`${r.original.className}\` without a pool size meant \`${text}\` in Keras 1, Keras 2 and tf.keras 2`,
      fix: [{ kind: 'append', text: [text] }],
    },
    (w) => {
      if (w.positional.length === 0 && !w.keywords.has('pool_size')) w.keywords.set('pool_size', pool);
    },
  );
}

/** tf.keras 2's `Input(batch_input_shape=…)` is Keras 3's `Input(batch_shape=…)`. */
function inputBatchShape(r: Recorder): void {
  if (!r.has('batch_input_shape')) return;
  const ref = keywordRef('batch_input_shape');
  const v = r.kw('batch_input_shape') as PyValue;
  r.add(
    {
      code: 'legacy-argument',
      at: ref,
      old: kwText('batch_input_shape', v),
      keras3: `batch_shape=${show(v)}`,
      validIn: TF_KERAS2,
      behaviour: { kind: 'raises', error: "TypeError: Input() got an unexpected keyword argument 'batch_input_shape'" },
      meaning: `\`${kwText('batch_input_shape', v)}\` is tf.keras 2's spelling of \`batch_shape=${show(v)}\``,
      fix: [{ kind: 'replace', target: ref, text: ['batch_shape=', src(ref)] }],
    },
    (w) => renameKeyword(w, 'batch_input_shape', 'batch_shape', v),
  );
}

/** `Input(shape=1024)`: tf.keras 2 read an int as a one-axis shape; Keras 3 raises. */
function inputShapeInt(r: Recorder, className: 'Input' | 'InputLayer'): void {
  const pos = r.original.positional;
  const names = className === 'Input' ? ['shape'] : ['shape', 'input_shape'];
  let at: ArgRef | null = null;
  let v: PyValue | undefined;
  for (const n of names) {
    if (r.has(n) && isInt(r.kw(n))) {
      at = keywordRef(n);
      v = r.kw(n);
    }
  }
  if (at === null && pos.length > 0 && isInt(pos[0])) {
    at = positionalRef(0);
    v = pos[0];
  }
  if (at === null || !isInt(v)) return;
  const n = v;
  const key = at.kind === 'keyword' ? at.name : 'shape';
  const prefix = at.kind === 'keyword' ? `${key}=` : '';
  r.add(
    {
      code: 'legacy-argument',
      at,
      old: `${prefix}${n}`,
      keras3: `${prefix}(${n},)`,
      validIn: TF_KERAS2,
      behaviour: { kind: 'raises', error: `ValueError: Cannot convert '${n}' to a shape.` },
      meaning: `\`${prefix}${n}\` is tf.keras 2's shorthand for the one-axis shape \`(${n},)\``,
      fix: [{ kind: 'replace', target: at, text: [`${prefix}(`, src(at), ',)'] }],
    },
    (w) => {
      if (at !== null && at.kind === 'keyword') w.keywords.set(key, [n]);
      else if (w.positional.length > 0) w.positional[0] = [n];
    },
  );
}

