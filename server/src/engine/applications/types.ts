// Public data types of the `keras.applications` models: the arguments a
// constructor is called with and the model it builds, as plain data.
import type { PyValue, Shape, Weight } from '../types';

/** A constructor call: `ResNet50(True, weights=None, input_shape=(160, 160, 3))`. */
export interface ApplicationArgs {
  readonly positional?: readonly PyValue[];
  readonly keywords?: Readonly<Record<string, PyValue>>;
  /**
   * The `input_tensor` argument, when it is a Keras tensor: its full shape
   * (batch included) and the name of the layer that produced it (an
   * `InputLayer`, `input_layer` by default). Pass `null` (or nothing) for
   * `input_tensor` among the positional/keyword values in that case.
   */
  readonly inputTensor?: { readonly shape: Shape; readonly name?: string };
}

/** One row of `model.summary()`. */
export interface ApplicationRow {
  readonly name: string;
  /** The class shown in parentheses (`Conv2D`, `Add`, `Sequential`, `LayerScale`). */
  readonly className: string;
  readonly outputShapes: readonly Shape[];
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  /** The layers whose outputs this row is called on ("Connected to"), in order. */
  readonly inbound: readonly string[];
  /** True for a `keras.ops` operation written as `a + b` / `a * k` in the application code. */
  readonly op: boolean;
  readonly weights: readonly Weight[];
  /** For an auto-named row (`add_3`): the prefix and the counter value Keras used (`['add', 3]`). */
  readonly auto?: readonly [string, number];
}

export interface ApplicationModel {
  readonly kind: 'ok';
  /** The constructor (`ResNet50`). */
  readonly constructorName: string;
  /** The family (`ResNet`, `EfficientNetV2`, …). */
  readonly family: string;
  /** `model.name`. */
  readonly name: string;
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  /** The rows of `model.summary()`, the input first. */
  readonly rows: readonly ApplicationRow[];
  readonly totalParams: number;
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  /** True when `model.summary()` prints no "Connected to" column (a plain chain). */
  readonly sequentialLike: boolean;
  /** `UserWarning`s Keras emits while building. */
  readonly warnings: readonly string[];
  /**
   * How many auto names of each prefix building the model used (`{ add: 18,
   * input_layer: 1 }`): a session's counters move on by these amounts.
   */
  readonly autoNameCounts: Readonly<Record<string, number>>;
}

/** An exception the constructor raises, in Keras's words. */
export interface ApplicationError {
  readonly kind: 'error';
  /** `ValueError`, `TypeError`, `KeyError`. */
  readonly errorClass: string;
  readonly message: string;
}

/** A constructor the engine does not describe, or an argument it cannot read. */
export interface ApplicationUnknown {
  readonly kind: 'unknown';
  readonly reason: string;
}

export type ApplicationResult = ApplicationModel | ApplicationError | ApplicationUnknown;

/** Raised inside a builder; `buildApplication` turns it into a result. */
export class ApplicationFailure {
  constructor(
    readonly result: ApplicationError | ApplicationUnknown,
  ) {}
}

export function raise(errorClass: string, message: string): never {
  throw new ApplicationFailure({ kind: 'error', errorClass, message });
}

export function cannotTell(reason: string): never {
  throw new ApplicationFailure({ kind: 'unknown', reason });
}
