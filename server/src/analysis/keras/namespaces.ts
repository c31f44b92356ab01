// Keras's modules and their names: `keras`, `tf.keras` and the legacy paths
// resolve to one namespace tree; `keras.layers.Conv2D` is a layer class,
// `keras.Model` a base, `keras.layers.add` a merge helper, anything else in
// `keras.ops`, `tf` or `numpy` an op path (ops.ts).
//
//   resolveModulePath('tensorflow.keras.layers') → 'keras.layers'
import { THIRD_PARTY_LAYERS, applicationNames, findSpec, knownLayerNames } from '../../engine';
import { mathConstant } from './stdlib';
import { KerasBaseRef, LayerClassRef, Namespace, PyFloat, UNKNOWN, type Value } from '../values';

/** The functional helpers of keras.layers (`add`, `concatenate`, …) and the layer class each one makes and calls (the catalogue's `helper`). */
export const MERGE_HELPERS: Readonly<Record<string, string>> = Object.fromEntries(
  knownLayerNames().flatMap((name) => {
    const spec = findSpec(name);
    return spec?.helper !== undefined && spec.className === name ? [[spec.helper, name]] : [];
  }),
);

/** Canonical module path: `tensorflow.keras.layers`, `tf.keras.layers` and `keras_core.layers` (Keras 3's name before its release) are `keras.layers`. */
function resolveModulePath(path: string): string {
  let p = path.replace(/\s+/g, '');
  p = p.replace(/^tensorflow\.python\.keras/, 'keras').replace(/^tensorflow\.keras/, 'keras').replace(/^tf_keras/, 'keras').replace(/^keras_core(?=\.|$)/, 'keras');
  p = p.replace(/^keras\.src\./, 'keras.').replace(/^keras\.api\./, 'keras.');
  p = p.replace(/^keras\.layers\.(core|convolutional|pooling|recurrent|merge|normalization|advanced_activations|embeddings|wrappers)$/, 'keras.layers');
  return p;
}

/** The libraries built on Keras whose layers the catalogue describes: `keras_cv`, `keras_nlp`, `keras_hub`, `tensorflow_addons`. */
const THIRD_PARTY_TOPS: ReadonlySet<string> = new Set(Object.keys(THIRD_PARTY_LAYERS).map((m) => m.split('.')[0]));

/** `tensorflow_addons.layers.normalizations` and `keras_cv.layers.regularization` are their library's `layers`. */
function thirdPartyPath(p: string): string | undefined {
  const top = p.split('.')[0];
  if (!THIRD_PARTY_TOPS.has(top)) return undefined;
  if (p === top) return p;
  return /^[a-z_]+\.(src\.)?layers(\.[a-z_]+)*$/.test(p) ? `${top}.layers` : undefined;
}

/**
 * Namespace attributes are pure functions of (path, name) and immutable
 * values: remembered per analysis (a state copy takes them along).
 */
export class NamespaceMemo {
  readonly byPath = new Map<string, Map<string, Value>>();
  /** Each namespace object's entry in `byPath`, found without building the path key again. */
  readonly byObject = new WeakMap<Namespace, Map<string, Value>>();

  copyInto(out: NamespaceMemo): void {
    for (const [k, memo] of this.byPath) out.byPath.set(k, new Map(memo));
  }
}

export function moduleValue(path: string): Value {
  const p = resolveModulePath(path);
  const library = thirdPartyPath(p);
  if (library !== undefined) return new Namespace(library);
  if (p === 'keras' || p.startsWith('keras.')) return new Namespace(p);
  if (p === 'tensorflow' || p.startsWith('tensorflow.')) return new Namespace(p);
  if (p === 'numpy' || p.startsWith('numpy.')) return new Namespace(p);
  if (p === 'pandas' || p.startsWith('pandas.') || p === 'tensorflow_datasets' || p.startsWith('tensorflow_datasets.')) return new Namespace(p);
  if (p === 'tensorflow_io' || p === 'tensorflow_io.audio') return new Namespace(p);
  if (p === 'sklearn.model_selection' || p === 'skimage.data' || p === 'math' || p === 'copy' || p === 'functools' || p === 'dataclasses') return new Namespace(p);
  return UNKNOWN;
}

/** The names `from <mod> import *` binds. */
export function wildcardExports(memo: NamespaceMemo, mod: Value): [string, Value][] {
  if (!(mod instanceof Namespace)) return [];
  const out: [string, Value][] = [];
  if (mod.path === 'keras.layers') {
    for (const name of ['Input', 'InputLayer', 'Layer', ...Object.keys(MERGE_HELPERS)]) out.push([name, namespaceAttr(memo, mod, name)]);
    for (const name of knownNames) out.push([name, new LayerClassRef(name)]);
  } else if (mod.path === 'keras.models') {
    for (const name of ['Sequential', 'Model']) out.push([name, namespaceAttr(memo, mod, name)]);
  } else if (mod.path === 'keras.applications') {
    for (const name of applicationNames()) out.push([name, namespaceAttr(memo, mod, name)]);
  } else if (Object.hasOwn(THIRD_PARTY_LAYERS, mod.path)) {
    for (const name of THIRD_PARTY_LAYERS[mod.path]) out.push([name, new LayerClassRef(name, mod.path)]);
  } else if (mod.path === 'keras') {
    for (const name of ['Input', 'Sequential', 'Model', 'layers', 'models', 'ops']) out.push([name, namespaceAttr(memo, mod, name)]);
  }
  return out;
}

const knownNames = knownLayerNames();

export function namespaceAttr(memos: NamespaceMemo, obj: Namespace | KerasBaseRef | LayerClassRef, name: string): Value {
  if (!(obj instanceof Namespace)) return UNKNOWN;
  let memo = memos.byObject.get(obj);
  if (memo === undefined) {
    memo = memos.byPath.get(obj.path);
    if (memo === undefined) memos.byPath.set(obj.path, (memo = new Map()));
    memos.byObject.set(obj, memo);
  }
  let v = memo.get(name);
  if (v === undefined) {
    v = attrOfPath(obj.path, name);
    memo.set(name, v);
  }
  return v;
}

function attrOfPath(p: string, name: string): Value {
  // Keras 1's `merge` function shares its name with the module `keras.layers.merge`.
  if (p === 'keras.layers.merge') return attrOfPath('keras.layers', name);
  if (p === 'keras.layers' && name === 'merge') return new Namespace('keras.layers.merge');
  if (p === 'tensorflow') {
    if (name === 'keras') return new Namespace('keras');
    if (name === 'newaxis') return null;
    if (/^(float|int|uint)(8|16|32|64)$|^bool$|^complex(64|128)$|^bfloat16$/.test(name)) return name;
    return new Namespace(`tensorflow.${name}`);
  }
  // `tf.dtypes.float32` is `tf.float32`.
  if (p === 'tensorflow.dtypes' && /^(float|int|uint)(8|16|32|64)$|^bool$|^complex(64|128)$|^bfloat16$/.test(name)) return name;
  if (p === 'tensorflow' || p === 'numpy') {
    // Constants and dtype names (np.float32 stands for the dtype where an array takes `dtype=`).
    if (name === 'newaxis') return null;
    if (name === 'pi') return new PyFloat(Math.PI);
    if (name === 'e') return new PyFloat(Math.E);
    if (/^(float|int|uint)(8|16|32|64)$|^bool_$|^complex(64|128)$/.test(name)) return name === 'bool_' ? 'bool' : name;
  }
  if (THIRD_PARTY_TOPS.has(p.split('.')[0])) {
    // Only `<library>.layers` and the layers it exports are modelled; anything else of the library is unknown.
    if (p === p.split('.')[0] && name === 'layers') return new Namespace(`${p}.layers`);
    return Object.hasOwn(THIRD_PARTY_LAYERS, p) && THIRD_PARTY_LAYERS[p].includes(name) ? new LayerClassRef(name, p) : UNKNOWN;
  }
  if (p === 'math') return mathConstant(name) ?? new Namespace(`math.${name}`);
  if (p === 'copy') return new Namespace(`copy.${name}`);
  if (p === 'functools' || p === 'dataclasses') return new Namespace(`${p}.${name}`);
  if (p.startsWith('tensorflow.') || p === 'numpy' || p.startsWith('numpy.') || p.startsWith('sklearn.')) return new Namespace(`${p}.${name}`);
  if (p === 'pandas' || p.startsWith('pandas.') || p === 'tensorflow_datasets' || p.startsWith('tensorflow_datasets.')) return new Namespace(`${p}.${name}`);
  const full = resolveModulePath(`${p}.${name}`);
  if (p === 'keras' || p === 'keras.models' || p === 'keras.layers') {
    if (name === 'Sequential') return new KerasBaseRef('Sequential');
    if (name === 'Model' || name === 'Functional') return new KerasBaseRef('Model');
    if (name === 'Layer' && p === 'keras.layers') return new KerasBaseRef('Layer');
    if (name === 'Input' && p !== 'keras.models') return new Namespace('keras.Input');
  }
  if (p === 'keras.layers') {
    if (MERGE_HELPERS[name]) return new Namespace(`keras.layers.${name}`);
    if (name === 'InputLayer') return new Namespace('keras.layers.InputLayer');
    if (/^[A-Z]/.test(name)) return new LayerClassRef(name);
    return new Namespace(full);
  }
  return new Namespace(full);
}

// ---------------------------------------------------------------- conversions
