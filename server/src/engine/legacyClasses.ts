// Old layer classes: renamed ones (Deconvolution2D, AtrousConvolution2D,
// CuDNNLSTM, ThresholdedReLU), Keras 1's TimeDistributedDense, and Keras 1's
// Merge layer / merge function, which become Keras 3's merging layers.
import {
  ALL_OLD,
  CALLEE,
  KERAS1,
  KERAS12,
  keywordRef,
  noAttribute,
  positionalRef,
  renameKeyword,
  show,
  type ArgRef,
  type LegacyEdit,
  type Recorder,
  type Work,
} from './legacyCore';
import type { PyValue } from './types';
import { CLASS_RENAMES, kwText, src } from './legacyTables';

export function classRename(r: Recorder, name: string): void {
  const c = CLASS_RENAMES[name];
  if (c === undefined) return;
  r.add(
    {
      code: 'legacy-layer',
      at: CALLEE,
      old: name,
      keras3: c.to,
      validIn: c.validIn,
      behaviour: noAttribute(name),
      meaning: `\`${name}\` is ${c.era} name of \`${c.to}\``,
      ...(c.detail !== undefined ? { detail: c.detail } : {}),
      fix: [{ kind: 'replace', target: CALLEE, text: [c.to] }],
    },
    (w) => {
      w.className = c.to;
    },
  );
}

/** ThresholdedReLU(theta) → ReLU(threshold=theta); theta defaulted to 1.0. */
export function thetaRule(r: Recorder): void {
  if (r.original.className !== 'ThresholdedReLU') return;
  const pos = r.original.positional;
  const at = r.has('theta') ? keywordRef('theta') : pos.length > 0 ? positionalRef(0) : null;
  const v: PyValue = at === null ? 1.0 : at.kind === 'keyword' ? (r.kw('theta') as PyValue) : pos[0];
  const valueText = at === null ? '1.0' : show(v);
  const fix: LegacyEdit[] =
    at === null ? [{ kind: 'append', text: ['threshold=1.0'] }] : [{ kind: 'replace', target: at, text: ['threshold=', src(at)] }];
  r.add(
    {
      code: 'legacy-argument',
      at: at ?? CALLEE,
      old: at === null ? 'ThresholdedReLU()' : at.kind === 'keyword' ? kwText('theta', v) : valueText,
      keras3: `threshold=${valueText}`,
      validIn: ALL_OLD,
      behaviour: noAttribute('ThresholdedReLU'),
      meaning: `ThresholdedReLU's \`theta\`${at === null ? ' (default 1.0)' : ''} is ReLU's \`threshold\``,
      fix,
    },
    (w) => {
      if (at !== null && at.kind === 'keyword') renameKeyword(w, 'theta', 'threshold', v);
      else {
        if (at !== null && w.positional.length > 0) w.positional.splice(0, 1);
        w.keywords.set('threshold', v);
      }
    },
  );
}

export function timeDistributedDenseNote(r: Recorder): void {
  r.add(
    {
      code: 'legacy-layer',
      at: CALLEE,
      old: 'TimeDistributedDense(…)',
      keras3: 'TimeDistributed(Dense(…))',
      validIn: KERAS1,
      behaviour: noAttribute('TimeDistributedDense'),
      meaning: "`TimeDistributedDense(n)` is Keras 1's `TimeDistributed(Dense(n))`",
      fixTitle: 'Write `TimeDistributed(Dense(…))`',
      fix: [
        { kind: 'replace', target: CALLEE, text: ['TimeDistributed(Dense'] },
        { kind: 'after', text: [')'] },
      ],
    },
    // The class changes at the end, once Dense's keywords are translated.
    () => undefined,
  );
}

/** Keywords that stay on the TimeDistributed wrapper rather than the Dense inside. */
const WRAPPER_KEYWORDS = new Set(['name', 'input_shape', 'batch_input_shape', 'batch_size', 'trainable', 'dtype', 'input_dim', 'input_length']);

export function timeDistributedDenseRestructure(r: Recorder): void {
  const restructure = (w: Work): void => {
    if (w.className !== 'TimeDistributedDense') return;
    const inner = new Map<string, PyValue>();
    const outer = new Map<string, PyValue>();
    for (const [k, v] of w.keywords) (WRAPPER_KEYWORDS.has(k) ? outer : inner).set(k, v);
    const innerKeywords: Record<string, PyValue> = {};
    for (const [k, v] of inner) innerKeywords[k] = v;
    w.positional = [{ kind: 'layer', className: 'Dense', args: { positional: w.positional, keywords: innerKeywords } }];
    w.keywords = outer;
    w.className = 'TimeDistributed';
  };
  restructure(r.full);
  if (r.version === '1') restructure(r.used);
}

const MERGE_MODES: Readonly<Record<string, string>> = {
  sum: 'Add',
  mul: 'Multiply',
  ave: 'Average',
  max: 'Maximum',
  concat: 'Concatenate',
  dot: 'Dot',
  cos: 'Dot',
};

/** Keras 1's `Merge(layers, mode=…)` layer and `merge(inputs, mode=…)` function → Keras 3's merging layers. */
export function mergeRule(r: Recorder): void {
  const name = r.original.className;
  const pos = r.original.positional;
  const arg = (i: number, kw: string): { ref: ArgRef; value: PyValue } | null => {
    if (i < pos.length) return { ref: positionalRef(i), value: pos[i] };
    if (r.has(kw)) return { ref: keywordRef(kw), value: r.kw(kw) as PyValue };
    return null;
  };
  const inputs = arg(0, name === 'Merge' ? 'layers' : 'inputs');
  const mode = arg(1, 'mode');
  const concatAxis = arg(2, 'concat_axis');
  const dotAxes = arg(3, 'dot_axes');
  const nameArg = arg(9, 'name');
  const modeValue = mode === null ? 'sum' : mode.value;
  const behaviour = noAttribute(name);
  const target = typeof modeValue === 'string' ? MERGE_MODES[modeValue] : undefined;
  if (target === undefined) {
    r.add({
      code: 'legacy-layer',
      at: mode?.ref ?? CALLEE,
      old: `${name}(…, mode=${show(modeValue)})`,
      keras3: null,
      validIn: KERAS12,
      behaviour,
      meaning: `\`${name}\` with \`mode=${show(modeValue)}\` is a Keras 1 merge that Keras 3 has no layer for (a \`Lambda\` computes it)`,
      detail: 'Its output shape is not computed.',
    });
    return;
  }
  const keywords = new Map<string, PyValue>();
  const fix: LegacyEdit[] = [{ kind: 'replace', target: CALLEE, text: [target] }];
  const parts: string[] = [];
  if (target === 'Concatenate' && concatAxis !== null) {
    keywords.set('axis', concatAxis.value);
    parts.push(`axis=${show(concatAxis.value)}`);
    fix.push({ kind: 'replace', target: concatAxis.ref, text: ['axis=', src(concatAxis.ref)] });
  }
  if (target === 'Dot') {
    const axes = dotAxes?.value ?? -1;
    keywords.set('axes', axes);
    parts.push(`axes=${show(axes)}`);
    if (dotAxes !== null) fix.push({ kind: 'replace', target: dotAxes.ref, text: ['axes=', src(dotAxes.ref)] });
    else fix.push({ kind: 'append', text: ['axes=-1'] });
    if (modeValue === 'cos') {
      keywords.set('normalize', true);
      parts.push('normalize=True');
    }
  }
  if (nameArg !== null) {
    keywords.set('name', nameArg.value);
    parts.push(`name=${show(nameArg.value)}`);
    if (nameArg.ref.kind === 'positional') fix.push({ kind: 'replace', target: nameArg.ref, text: ['name=', src(nameArg.ref)] });
  }
  // Everything else of the old call goes: the inputs move to a call of the new layer.
  const keep: ArgRef[] = [];
  if (target === 'Concatenate' && concatAxis !== null) keep.push(concatAxis.ref);
  if (target === 'Dot' && dotAxes !== null) keep.push(dotAxes.ref);
  if (nameArg !== null) keep.push(nameArg.ref);
  const removals: LegacyEdit[] = [];
  pos.forEach((_, i) => {
    if (!keep.some((k) => sameRef(k, positionalRef(i)))) removals.push({ kind: 'remove', target: positionalRef(i) });
  });
  for (const k of Object.keys(r.original.keywords)) {
    if (!keep.some((x) => sameRef(x, keywordRef(k)))) removals.push({ kind: 'remove', target: keywordRef(k) });
  }
  if (modeValue === 'cos') {
    const modeRef = mode?.ref;
    // The mode argument itself becomes `normalize=True`.
    if (modeRef !== undefined) {
      const i = removals.findIndex((e) => e.kind === 'remove' && sameRef(e.target, modeRef));
      if (i >= 0) removals[i] = { kind: 'replace', target: modeRef, text: ['normalize=True'] };
    } else fix.push({ kind: 'append', text: ['normalize=True'] });
  }
  fix.push(...removals);
  if (inputs !== null) fix.push({ kind: 'after', text: ['(', src(inputs.ref), ')'] });
  const inputsText = inputs === null ? '' : Array.isArray(inputs.value) ? `[${(inputs.value as readonly PyValue[]).map(show).join(', ')}]` : show(inputs.value);
  const newCall = `${target}(${parts.join(', ')})${inputs !== null ? `(${inputsText})` : ''}`;
  r.add(
    {
      code: 'legacy-layer',
      at: CALLEE,
      old: `${name}(…, mode=${show(modeValue)})`,
      keras3: newCall,
      validIn: KERAS12,
      behaviour,
      meaning: `\`${name}\` with \`mode=${show(modeValue)}\` is Keras 1's spelling of the \`${target}\` layer${modeValue === 'cos' ? ' with `normalize=True`' : ''}`,
      detail:
        name === 'Merge'
          ? 'Keras 3 merges tensors, not models: apply it to the branches’ outputs with the functional API.'
          : undefined,
      fix,
    },
    (w) => {
      w.className = target;
      w.positional = [];
      w.keywords = new Map(keywords);
      if (inputs !== null) w.applyTo = inputs.value;
    },
  );
}

function sameRef(a: ArgRef, b: ArgRef): boolean {
  if (a.kind === 'positional' && b.kind === 'positional') return a.index === b.index;
  if (a.kind === 'keyword' && b.kind === 'keyword') return a.name === b.name;
  return a.kind === b.kind;
}
