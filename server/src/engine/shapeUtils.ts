// Small shape helpers shared by the layer families: Keras's InputSpec check,
// fully-defined weight shapes, axis normalisation.
import { LayerError } from './errors';
import { formatShape } from './format';
import type { Dim, LayerInput, Shape, Teaching, Weight } from './types';

export interface InputSpecRule {
  ndim?: number;
  minNdim?: number;
  maxNdim?: number;
  /** axis (may be negative) → required size */
  axes?: Readonly<Record<number, number>>;
  /** The axes the layer reads, for the explanation of a rank error: `(batch, height, width, channels)`. */
  layout?: string;
}

/**
 * The layer a message names: its name, or the context holding it. A context's
 * name is read only when a message needs it, so a result that read no name is
 * the same for every instance of the layer (analysis/engineCache.ts shares it).
 */
export type LayerNameRef = string | { readonly layerName: string };

export function layerNameOf(layer: LayerNameRef): string {
  return typeof layer === 'string' ? layer : layer.layerName;
}

/**
 * Keras's `assert_input_compatibility`, with its message:
 * "Input 0 with name 'None' of layer 'conv2d' is incompatible with the layer: expected min_ndim=4, found ndim=3. Full shape received: (None, 28, 28)"
 * (the name is the input spec's, which Keras's layers leave unset).
 */
export function checkInputSpec(shape: Shape, rule: InputSpecRule, layer: LayerNameRef, inputIndex = 0): void {
  // The messages are built only on failure: this check runs for most layer calls.
  const head = (): string => `Input ${inputIndex} with name 'None' of layer '${layerNameOf(layer)}' is incompatible with the layer:`;
  const full = (): string => `Full shape received: ${formatShape(shape)}`;
  const rank = (check: 'ndim' | 'min_ndim' | 'max_ndim', expected: number): never => {
    const teach: Teaching = rule.layout === undefined
      ? { kind: 'ndim', check, expected, found: shape.length, shape }
      : { kind: 'ndim', check, expected, found: shape.length, shape, layout: rule.layout };
    throw new LayerError('incompatible-input', `${head()} expected ${check}=${expected}, found ndim=${shape.length}. ${full()}`, 'call', teach);
  };
  if (rule.ndim !== undefined && shape.length !== rule.ndim) rank('ndim', rule.ndim);
  if (rule.maxNdim !== undefined && shape.length > rule.maxNdim) rank('max_ndim', rule.maxNdim);
  if (rule.minNdim !== undefined && shape.length < rule.minNdim) rank('min_ndim', rule.minNdim);
  if (rule.axes) {
    const axes = rule.axes;
    for (const axisText in axes) {
      const value = axes[axisText as unknown as number];
      const axis = Number(axisText);
      const i = axis < 0 ? shape.length + axis : axis;
      const actual = shape[i];
      if (actual !== null && actual !== undefined && actual !== value) {
        throw new LayerError(
          'incompatible-input',
          `${head()} expected axis ${axis} of input shape to have value ${value}, but received input with shape ${formatShape(shape)}`,
          'call',
          { kind: 'axis', axis, expected: value, found: actual, shape },
        );
      }
    }
  }
}

/** The single tensor a layer is called on; a list where one tensor is expected is an error. */
export function singleInput(input: LayerInput, layer: LayerNameRef): Shape {
  if (input.shapes.length !== 1 || input.isList) {
    throw new LayerError(
      'incompatible-input',
      `Layer '${layerNameOf(layer)}' expects 1 input(s), but it received ${input.shapes.length} input tensors.`,
    );
  }
  return input.shapes[0];
}

/** A weight; Keras refuses to create one whose shape has a `None`. */
export function weight(name: string, shape: readonly Dim[], trainable = true): Weight {
  if (shape.includes(null)) {
    throw new LayerError(
      'undefined-dim',
      `Shapes used to initialize variables must be fully-defined (no \`None\` dimensions). Received: shape=${formatShape(shape)} for variable path='${name}'`,
      'call',
      { kind: 'variable', name, shape },
    );
  }
  return { name, shape: shape as number[], trainable };
}

export function product(shape: readonly number[]): number {
  let p = 1;
  for (const d of shape) p *= d;
  return p;
}

/** Python-style axis: -1 is the last. Returns undefined when out of range. */
export function canonicalAxis(axis: number, rank: number): number | undefined {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank ? a : undefined;
}

export function dimMul(a: Dim, b: Dim): Dim {
  return a === null || b === null ? null : a * b;
}
export function dimAdd(a: Dim, b: Dim): Dim {
  return a === null || b === null ? null : a + b;
}
