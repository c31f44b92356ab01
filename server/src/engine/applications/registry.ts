// The shape every application family file exports: one definition per
// public constructor, with its parameters and the graph it builds.
import type { AppArgs, ParamSpec } from './common';
import type { Graph, Tensor } from './graph';

export interface BuiltModel {
  /** `model.name`. */
  readonly name: string;
  readonly input: Tensor;
  readonly output: Tensor;
}

export interface ApplicationDef {
  /** The constructor as exported under `keras.applications` (`ResNet50`). */
  readonly name: string;
  readonly family: string;
  /** Parameters in positional order, with Keras's defaults. */
  readonly params: readonly ParamSpec[];
  readonly build: (a: AppArgs, g: Graph) => BuiltModel;
}
