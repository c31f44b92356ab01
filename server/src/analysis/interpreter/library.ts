// What the interpreter asks of the library semantics it runs with (Keras's,
// in keras/runtime.ts) for the values it does not model itself: modules,
// layers, models, tensors. The interpreter knows only Python; everything
// Keras-specific happens behind this interface.
import type { SyntaxNode } from '../../python/syntax';
import type { CallSiteArgs, Dataset, KerasBaseRef, LayerClassRef, LayerObj, Namespace, PandasValue, PyClass, Tensor, Value } from '../values';

/** How much the library had recorded at one point: records, models, and changes to layers (`layer.trainable = False`). */
export interface ActivityMark {
  readonly records: number;
  readonly models: number;
  readonly changes: number;
}

/**
 * The counters of the automatic layer names (`dense_2`) at one moment, in the
 * order they were first used: never changed once given out.
 */
export type NamesState = readonly (readonly [string, number])[];

/** Whether two states of the automatic layer names are the same: the same counters in the same order. */
export function sameNames(a: NamesState, b: NamesState): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
  return true;
}

export interface Library {
  /** A mark of the Keras records so far, for `onlyUnknownSince` and `dropSince`. */
  activity(): ActivityMark;
  /** Whether everything recorded since `mark` has an unknown result (no shape found, no model made, no layer changed): a loop with nothing to find. */
  onlyUnknownSince(mark: ActivityMark): boolean;
  /**
   * Whether what was recorded since `second` repeats what was recorded from
   * `first` to `second` (the same calls, results and layers), with no model
   * made and no layer changed since `first`: a loop's next iterations would
   * only repeat it.
   */
  repeatsSince(first: ActivityMark, second: ActivityMark): boolean;
  /** Forgets the records and models made since `mark` (a summarised loop's first iterations: their counts would be wrong). */
  dropSince(mark: ActivityMark): void;
  /** The state of the automatic layer names (`dense_2`), to compare with sameNames; the same object while no name is given. */
  namesState(): NamesState;
  /** Sets the automatic layer names back to a state `namesState` gave. */
  setNamesState(state: NamesState): void;
  /** The value of `import <path>`: a namespace, or unknown for a module not modelled. */
  moduleValue(path: string): Value;
  /** The names `from <mod> import *` binds. */
  wildcardExports(mod: Value): [string, Value][];
  namespaceAttr(obj: Namespace | KerasBaseRef | LayerClassRef, name: string): Value;
  objectAttr(obj: Tensor | LayerObj | PandasValue, name: string): Value;
  setLayerAttr(obj: LayerObj, name: string, value: Value): void;
  /** The user class of a layer made from a user subclass (for `super()`). */
  userClassOf(layer: LayerObj): PyClass | undefined;
  lengthOf(obj: LayerObj | PandasValue): Value;
  /** `isinstance(obj, cls)` for a layer or model; undefined when the answer is not known. */
  isInstance(obj: LayerObj, cls: Value): boolean | undefined;
  /** `obj` was assigned to the variable `varName` (models are shown under it). */
  nameHint(layer: LayerObj, varName: string): void;
  /** What a class with base `base` (not a user class) is: a model, a layer, or neither (null). */
  baseKind(base: Value): 'model' | 'layer' | null;
  /** Whether a decorator (its text without spaces, `@tf.function`) leaves the definition as it is. */
  keepsDefinition(decorator: string): boolean;
  /** A class whose bases include a library class, instantiated. */
  instantiateSubclass(cls: PyClass, args: CallSiteArgs): Value;
  callKerasCallable(fn: LayerClassRef | KerasBaseRef | Namespace, args: CallSiteArgs): Value;
  callLayer(layer: LayerObj, args: CallSiteArgs): Value;
  tensorUnary(t: Tensor): Value;
  /** One item of iterating over a tensor (its first axis sliced away). */
  sliceFirst(t: Tensor): Value;
  tensorBinary(op: string, l: Value, r: Value, node: SyntaxNode): Value;
  tensorSubscript(t: Tensor, subs: readonly Value[], node: SyntaxNode): Value;
  /** `obj[key]` of a pandas value (a tuple key for `obj[a, b]`). */
  dataSubscript(obj: PandasValue, key: Value, node: SyntaxNode): Value;
  /** `obj[key] = value` on a pandas value (a DataFrame's column). */
  dataSetItem(obj: PandasValue, key: Value, value: Value): void;
  /** `obj.name = value` on a pandas value (`df.columns = [...]`). */
  dataSetAttr(obj: PandasValue, name: string, value: Value): void;
  /** `del obj[key]` on a pandas value. */
  dataDeleteItem(obj: PandasValue, key: Value, node: SyntaxNode): void;
  /** `l op r` with a pandas operand. */
  dataBinary(op: string, l: Value, r: Value, node: SyntaxNode): Value;
  /** `-v`, `+v`, `~v` of a pandas value. */
  dataUnary(v: PandasValue): Value;
  /** `dict(obj)` of a pandas value. */
  dataDict(obj: PandasValue): Value;
  /** An elementwise comparison (`x < 0.5`) with an array or pandas operand; undefined when neither operand is one the library compares. */
  compareElementwise(op: string, l: Value, r: Value, node: SyntaxNode): Value | undefined;
  /** An attribute of a `tf.data` dataset (its methods). */
  datasetAttr(ds: Dataset, name: string): Value;
  /** A dataset's elements from `from`, at most `limit`; undefined when their number is not known and `limit` does not bound it. */
  datasetItems(ds: Dataset, from: number, limit: number): readonly Value[] | undefined;
}
