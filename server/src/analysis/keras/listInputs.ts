// Layers called on Python data rather than tensors, as Keras runs them:
//
// - A lookup layer, TextVectorization or Hashing takes a Python list and
//   makes it a tensor itself: `vectorizer(["the cat sat"])` is a call on a
//   string array of shape (1,).
// - A call on concrete arrays runs at once, so a size its output shape leaves
//   open (`None`) is set by the values of the data: `?`, with that reason.
//
//   TextVectorization(output_sequence_length=8)(["a b"])   → (1, 8)
//   TextVectorization()(["a b"])                           → (1, ?)
import { LIST_INPUT_LAYERS, listInputCall, type Shape } from '../../engine';
import { LayerObj, PyFloat, PyList, PyTuple, Tensor, Unknown, unknownBecause, whyOf, type Value } from '../values';
import type { PartialShape } from '../types';
import { PROBE_SIZES, type ProbeShapes } from './partial';

type Leaf = 'str' | 'int' | 'float';

/** The nesting shape of a rectangular list of strings or numbers, and what its values are; undefined otherwise. */
function listData(v: Value): { shape: Shape; leaf: Leaf } | undefined {
  let leaf: Leaf | undefined;
  const visit = (x: Value): Shape | undefined => {
    if (x instanceof PyList || x instanceof PyTuple) {
      let inner: Shape | undefined;
      for (const item of x.items) {
        const s = visit(item);
        if (s === undefined || (inner !== undefined && (inner.length !== s.length || inner.some((d, i) => d !== s[i])))) return undefined;
        inner = s;
      }
      return [x.items.length, ...(inner ?? [])];
    }
    const kind: Leaf | undefined = typeof x === 'string' || (x instanceof Unknown && x.isStr) ? 'str' : typeof x === 'number' ? (Number.isInteger(x) ? 'int' : 'float') : x instanceof PyFloat ? 'float' : undefined;
    if (kind === undefined) return undefined;
    if (leaf === undefined || leaf === kind) leaf = kind;
    else if (leaf !== 'str' && kind !== 'str') leaf = 'float';
    else return undefined;
    return [];
  };
  const shape = visit(v);
  return shape === undefined ? undefined : { shape, leaf: leaf ?? 'float' };
}

/**
 * The first argument of a call of a layer that takes a Python list: the
 * array it makes of `list`, or an unknown that says why it is not followed.
 * Undefined for the other layers (a list is their inputs).
 */
export function listInput(layer: LayerObj, list: PyList | PyTuple, line: number): Value | undefined {
  if (!LIST_INPUT_LAYERS.includes(layer.className)) return undefined;
  const data = listData(list);
  if (data === undefined) return unknownBecause(whyOf(list) || `the list given to '${layer.name}' on line ${line} holds values the analysis does not know`);
  const support = listInputCall(layer.className, layer.args, data.shape, data.leaf);
  if (support === undefined) return undefined;
  if (support === 'mode') return unknownBecause(`'${layer.name}' on line ${line} is given a Python list, which is followed in its integer output mode only`);
  if (support === 'values') return unknownBecause(`'${layer.name}' on line ${line} is given a Python list of values or a nesting it is not followed on`);
  const t = new Tensor(data.shape, null, false);
  t.dtype = data.leaf === 'str' ? 'string' : data.leaf === 'int' ? 'int32' : 'float32';
  return t;
}

/**
 * The output shapes of a call on concrete arrays of known shapes where the
 * engine leaves a size open: `?` there (the data's values set it), with each
 * probe size in its place.
 */
export function dataSizedOutputs(outputs: readonly Shape[]): { partial: PartialShape[]; probes: ProbeShapes[] } {
  return {
    partial: outputs.map((s) => s.map((d) => (d === null ? '?' : d))),
    probes: outputs.map((s) => [s.map((d) => d ?? PROBE_SIZES[0]), s.map((d) => d ?? PROBE_SIZES[1])] as const),
  };
}
