// Types of the op catalogue: the values an op is called with (symbolic
// tensors and Python values), what it returns, and the catalogue entry.
//
//   evaluateOp('keras.ops.sum', [tensor([null, 8, 4], 'float32')], { axis: int(1) })
//   // → { kind: 'tensor', shape: [null, 4], dtype: 'float32', ... }
import type { DiagnosticCode, EngineConfig, Shape, Teaching } from '../types';

/** A Keras dtype name (`float32`, `int32`, `bool`, …). */
export type DType = string;

/** A symbolic tensor (`keras.Input`, a KerasTensor), or an eager array when `concrete`. */
export interface TensorValue {
  readonly kind: 'tensor';
  readonly shape: Shape;
  readonly dtype: DType;
  readonly sparse?: boolean;
  /** An actual array (the result of an op run eagerly on Python values). */
  readonly concrete?: boolean;
}
export interface IntValue {
  readonly kind: 'int';
  readonly value: number;
}
export interface FloatValue {
  readonly kind: 'float';
  readonly value: number;
}
/** A Python tuple or list. */
export interface SeqValue {
  readonly kind: 'tuple' | 'list';
  readonly items: readonly OpValue[];
}
export interface SliceValue {
  readonly kind: 'slice';
  readonly start: OpValue;
  readonly stop: OpValue;
  readonly step: OpValue;
}
export interface EllipsisValue {
  readonly kind: 'ellipsis';
}
/**
 * A tensor whose dtype is not known, its shape known: an eager result on
 * Python values whose dtype is the backend's own (`ops.abs(5)` is int64 under
 * NumPy, int32 under TensorFlow). `evaluateOp` evaluates a call holding one
 * under every dtype it could have and keeps what those runs agree on.
 */
export interface UntypedTensorValue {
  readonly kind: 'untyped-tensor';
  readonly shape: Shape;
  /** The dtypes it can have, when fewer than all (a Python float converts to float32 or float64). */
  readonly dtypes?: readonly DType[];
  readonly sparse?: boolean;
  readonly concrete?: boolean;
}
/** A value the analysis could not determine. */
export interface UnknownOpValue {
  readonly kind: 'unknown';
  readonly why?: string;
}
/**
 * A Python callable (control-flow ops); `source` when known. `call`, when the
 * caller can evaluate the callable (an interpreter over the same catalogue),
 * gives its result for symbolic arguments; without it the ops that need the
 * callable's output answer 'unknown'.
 */
export interface FunctionValue {
  readonly kind: 'function';
  readonly source?: string;
  readonly call?: (args: readonly OpValue[]) => OpResult;
}
/** A Python dict with string keys. */
export interface DictOpValue {
  readonly kind: 'dict';
  readonly entries: Readonly<Record<string, OpValue>>;
}

/** An argument of an op call; `null` is None, JS booleans and strings are Python's. */
export type OpValue =
  | null
  | boolean
  | string
  | TensorValue
  | UntypedTensorValue
  | IntValue
  | FloatValue
  | SeqValue
  | SliceValue
  | EllipsisValue
  | UnknownOpValue
  | FunctionValue
  | DictOpValue;

/** One returned tensor. */
export interface TensorOut {
  readonly kind: 'tensor';
  readonly shape: Shape;
  /** null when the backend decides it (an eager call on Python values, see `UntypedTensorValue`). */
  readonly dtype: DType | null;
  /** When `dtype` is null: the dtypes it can have, when fewer than all. */
  readonly dtypes?: readonly DType[];
  /** An actual array: every argument was a Python value and the op ran eagerly. */
  readonly concrete?: boolean;
  readonly sparse?: boolean;
}
/** A tuple or list of results, possibly nested. */
export interface ContainerOut {
  readonly kind: 'tensors';
  readonly container: 'tuple' | 'list';
  readonly items: readonly OutItem[];
}
/** A plain Python value (`ops.shape(x)`, `ops.dtype(x)`). */
export interface ValueOut {
  readonly kind: 'value';
  readonly value: OpValue;
  /**
   * The NumPy backend's own result on Python values (`ops.real(5)` is the
   * Python int 5 there); other backends return a 0-d tensor of that value.
   */
  readonly backend?: boolean;
}
export type OutItem = TensorOut | ContainerOut | ValueOut;

export interface OpError {
  readonly kind: 'error';
  /** Python's exception class: `ValueError`, `TypeError`, … */
  readonly errorType: string;
  readonly message: string;
  readonly code: DiagnosticCode;
  /** The check that failed, with its numbers. */
  readonly teach?: Teaching;
}
export interface OpUnknown {
  readonly kind: 'unknown';
  readonly reason: string;
}
/** What `evaluateOp` returns; successful results carry the op's short explanation. */
export type OpResult = (OutItem & { readonly explain: string; readonly op: string }) | OpError | OpUnknown;

/** One parameter of an op's Python signature. */
export interface OpParam {
  readonly name: string;
  /** Absent: required. */
  readonly default?: OpValue;
  readonly kind: 'positional' | 'varargs' | 'keyword' | 'varkw';
}

export interface OpContext {
  readonly config: EngineConfig;
  /** The catalogue entry's dotted path as called. */
  readonly path: string;
  /** Evaluates another op (compositions such as `swapaxes` via `transpose`). */
  evaluate(path: string, args: readonly OpValue[], kwargs: Readonly<Record<string, OpValue>>): OpResult;
}
