// Merging layers, called on a list of tensors: Add, Subtract, Multiply,
// Average, Maximum, Minimum (elementwise with broadcasting), Concatenate, Dot.
//   Add()([(None, 64, 1), (None, 64, 2)])          → (None, 64, 2)   (1 broadcasts)
//   Concatenate()([(None, 4, 64), (None, 4, 32)])  → (None, 4, 96)   (axis -1: 64 + 32)
//   Dot(axes=(2, 1))([(None, 32, 5), (None, 5, 10)]) → (None, 32, 10)
import type { ArgReader } from '../args';
import { LayerError, fail, failConstruct } from '../errors';
import { formatDim, formatShape, pyRepr } from '../format';
import type { EngineContext, LayerComputation, LayerSpec } from '../spec';
import type { Dim, ExplainStep, LayerInput, PyValue, Shape } from '../types';

/** Keras prints a list of shapes as a Python list of tuples. */
function formatShapeList(shapes: readonly Shape[]): string {
  return `[${shapes.map(formatShape).join(', ')}]`;
}

/** Python's `seq[i]` index rule: negative counts from the end; undefined when out of range. */
function pyIndex(i: number, length: number): number | undefined {
  const j = i < 0 ? i + length : i;
  return j >= 0 && j < length ? j : undefined;
}

/** Python's `%` (the result takes the sign of the divisor). */
function pyMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** The shapes of `layer([a, b, ...])`; a single tensor is what Keras rejects as "not a list". */
function listShapes(input: LayerInput, notList: (shape: Shape) => string): readonly Shape[] {
  if (!input.isList) {
    if (input.shapes.length === 1) fail('incompatible-input', notList(input.shapes[0]));
    fail('incompatible-input', `A merge layer takes one argument, a list of tensors; it received ${input.shapes.length} separate tensors.`);
  }
  return input.shapes;
}

/**
 * Keras's broadcasting of two shapes without their batch axis: aligned from the
 * right, a 1 stretches, `None` makes the result unknown, other sizes must agree.
 */
function broadcastPair(shape1: Shape, shape2: Shape): Shape {
  if (shape1.length < shape2.length) return broadcastPair(shape2, shape1);
  if (shape2.length === 0) return shape1;
  const lead = shape1.slice(0, shape1.length - shape2.length);
  const tail = shape1.slice(shape1.length - shape2.length);
  const out: Dim[] = [...lead];
  tail.forEach((i, k) => {
    const j = shape2[k];
    if (i === null || j === null) out.push(null);
    else if (i === 1) out.push(j);
    else if (j === 1) out.push(i);
    else if (i !== j) {
      fail('incompatible-shapes', `Inputs have incompatible shapes. Received shapes ${formatShape(shape1)} and ${formatShape(shape2)}`);
    } else out.push(i);
  });
  return out;
}

function elementwise(symbol: string, extraCheck?: (shapes: readonly Shape[]) => void) {
  return (_a: ArgReader, input: LayerInput, _ctx: EngineContext): LayerComputation => {
    const shapes = listShapes(
      input,
      (s) => `A merge layer should be called on a list of inputs. Received: input_shape=${formatShape(s)} (not a list of shapes)`,
    );
    if (shapes.length < 1) {
      fail('incompatible-input', 'A merge layer should be called on a list of at least 1 input. Received 0 inputs. Full input_shape received: []');
    }
    const batchSizes = new Set<number>();
    for (const s of shapes) if (s.length > 0 && s[0] !== null) batchSizes.add(s[0]);
    if (batchSizes.size > 1) {
      fail('incompatible-shapes', `Cannot merge tensors with different batch sizes. Received tensors with shapes ${formatShapeList(shapes)}`);
    }
    let acc: Shape = shapes[0].slice(1);
    try {
      for (const s of shapes.slice(1)) acc = broadcastPair(acc, s.slice(1));
    } catch (e) {
      // The message names the shapes without their batch axis, as Keras's does; the explanation shows them whole.
      if (e instanceof LayerError && e.code === 'incompatible-shapes') throw new LayerError(e.code, e.message, e.phase, { kind: 'merge', shapes });
      throw e;
    }
    extraCheck?.(shapes);
    const batch: Dim = batchSizes.size === 1 ? [...batchSizes][0] : null;
    const out: Shape = [batch, ...acc];
    const explain: ExplainStep[] = [];
    if (shapes.length > 1) {
      const same = shapes.every((s) => formatShape(s) === formatShape(shapes[0]));
      explain.push({
        label: 'output',
        text: same
          ? `${shapes.map(formatShape).join(` ${symbol} `)} → ${formatShape(out)} (elementwise)`
          : `broadcast ${shapes.map(formatShape).join(` ${symbol} `)} → ${formatShape(out)} (shapes aligned from the right; a 1 stretches)`,
      });
    }
    return { outputs: [out], weights: [], explain };
  };
}

function mergeSpec(className: string, symbol: string, docPath: string, extraCheck?: (shapes: readonly Shape[]) => void): LayerSpec {
  return { className, docPath, helper: className.toLowerCase(), params: [], compute: elementwise(symbol, extraCheck) };
}

const subtractCheck = (shapes: readonly Shape[]): void => {
  if (shapes.length !== 2) {
    fail('incompatible-input', `A \`Subtract\` layer should be called on exactly 2 inputs. Received: input_shape=${formatShapeList(shapes)}`);
  }
};

const concatenate: LayerSpec = {
  className: 'Concatenate',
  docPath: 'merging_layers/concatenate',
  helper: 'concatenate',
  params: [{ name: 'axis', default: -1 }],
  compute: (a, input) => {
    const axis = a.int('axis');
    const shapes = listShapes(
      input,
      (s) => `A \`Concatenate\` layer should be called on a list of at least 1 input. Received: input_shape=${formatShape(s)}`,
    );
    if (shapes.length < 1) {
      fail('incompatible-input', 'A `Concatenate` layer should be called on a list of at least 1 input. Received: input_shape=[]');
    }
    // Keras compares the shapes with the concatenation axis removed; dims it
    // does not know (None) match anything.
    const reduced: Dim[][] = shapes.map((s) => {
      if (s.length === 0) fail('invalid-argument', 'Concatenate cannot join scalars (inputs of rank 0): integer division or modulo by zero');
      const r = [...s];
      if (r.length > axis) {
        const i = pyIndex(axis, r.length);
        if (i === undefined) {
          fail('invalid-argument', `list assignment index out of range: axis=${axis} is outside inputs of rank ${r.length}`);
        }
        r.splice(i, 1);
      }
      return r;
    });
    const distinct = new Map(reduced.map((r) => [formatShape(r), r]));
    if (distinct.size !== 1) {
      const msg = `A \`Concatenate\` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=${formatShapeList(shapes)}`;
      const variants = [...distinct.values()];
      const rank = variants[0].length;
      const teach = { kind: 'merge', shapes, axis } as const;
      if (variants.some((v) => v.length !== rank)) fail('incompatible-shapes', msg, teach);
      for (let k = 0; k < rank; k++) {
        const dims = new Set(variants.map((v) => v[k]).filter((d) => d !== null));
        if (dims.size > 1) fail('incompatible-shapes', msg, teach);
      }
    }
    const out: Dim[] = [...shapes[0]];
    const terms: string[] = [];
    const i0 = shapes.length > 1 ? pyIndex(axis, out.length) : undefined;
    if (shapes.length > 1) {
      if (i0 === undefined) fail('invalid-argument', `list index out of range: axis=${axis} is outside inputs of rank ${out.length}`);
      terms.push(formatDim(out[i0]));
      for (const s of shapes.slice(1)) {
        if (out[i0] === null) break;
        const j = pyIndex(axis, s.length);
        if (j === undefined) fail('invalid-argument', `tuple index out of range: axis=${axis} is outside an input of rank ${s.length}`);
        terms.push(formatDim(s[j]));
        const d = s[j];
        if (d === null) {
          out[i0] = null;
          break;
        }
        out[i0] = (out[i0] as number) + d;
      }
    }
    const explain: ExplainStep[] =
      i0 === undefined
        ? []
        : [{ label: 'output', text: `axis ${axis}: ${terms.join(' + ')} = ${formatDim(out[i0])}${out[i0] === null ? ' (unknown)' : ''}` }];
    return { outputs: [out], weights: [], explain };
  },
};

function isInt(v: PyValue): v is number | boolean {
  return typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v));
}
function asInt(v: number | boolean): number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

/** `axes` as given: an int, or exactly two ints. */
function dotAxes(a: ArgReader): number | [number, number] {
  const v = a.get('axes');
  if (isInt(v)) return asInt(v);
  if (!Array.isArray(v)) {
    throw new LayerError(
      'invalid-argument',
      `Invalid type for argument \`axes\`: it should be a list or an int. Received: axes=${pyRepr(v)}`,
      'construct',
    );
  }
  const items = v as readonly PyValue[];
  if (items.length !== 2) {
    failConstruct('invalid-argument', `Invalid format for argument \`axes\`: it should contain two elements. Received: axes=${pyRepr(v)}`);
  }
  if (!isInt(items[0]) || !isInt(items[1])) {
    failConstruct('invalid-argument', `Invalid format for argument \`axes\`: list elements should be integers. Received: axes=${pyRepr(v)}`);
  }
  return [asInt(items[0]), asInt(items[1])];
}

const dot: LayerSpec = {
  className: 'Dot',
  docPath: 'merging_layers/dot',
  helper: 'dot',
  params: [{ name: 'axes' }, { name: 'normalize', default: false }],
  construct: (a) => {
    dotAxes(a);
  },
  compute: (a, input) => {
    const given = dotAxes(a);
    if (!input.isList || input.shapes.length !== 2) {
      const shown = !input.isList && input.shapes.length === 1 ? formatShape(input.shapes[0]) : formatShapeList(input.shapes);
      fail('incompatible-input', `A \`Dot\` layer should be called on a list of 2 inputs. Received: input_shape=${shown}`);
    }
    const [shape1, shape2] = input.shapes;
    let axes: [number, number];
    if (typeof given === 'number') {
      if (given < 0) {
        if (shape1.length === 0 || shape2.length === 0) fail('invalid-argument', 'Dot cannot contract a scalar input (rank 0)');
        axes = [pyMod(given, shape1.length), pyMod(given, shape2.length)];
      } else axes = [given, given];
    } else axes = given;
    const i1 = pyIndex(axes[0], shape1.length);
    const i2 = pyIndex(axes[1], shape2.length);
    if (i1 === undefined || i2 === undefined) {
      fail(
        'invalid-argument',
        `tuple index out of range: axes=${pyRepr(axes)} do not fit input shapes ${formatShape(shape1)}, ${formatShape(shape2)}`,
      );
    }
    // Keras compares the two sizes as they are: an unknown size never matches a known one.
    if (shape1[i1] !== shape2[i2]) {
      fail(
        'incompatible-shapes',
        `Incompatible input shapes: axis values ${formatDim(shape1[i1])} (at axis ${axes[0]}) != ${formatDim(shape2[i2])} (at axis ${axes[1]}). Full input shapes: ${formatShape(shape1)}, ${formatShape(shape2)}`,
      );
    }
    const rest1 = shape1.filter((_, k) => k !== i1);
    const rest2 = shape2.filter((_, k) => k !== i2);
    if (rest2.length === 0) fail('invalid-argument', 'pop from empty list: the second input has no batch axis left after the dot axis');
    const out: Dim[] = [...rest1, ...rest2.slice(1)];
    if (out.length === 1) out.push(1);
    const explain: ExplainStep[] = [
      {
        label: 'output',
        text: `sum over axis ${axes[0]} of ${formatShape(shape1)} and axis ${axes[1]} of ${formatShape(shape2)} (size ${formatDim(shape1[i1])}); the rest of both shapes remains, batch once → ${formatShape(out)}`,
      },
    ];
    if (a.bool('normalize')) explain.push({ label: 'normalize', text: 'both inputs L2-normalised along those axes first: cosine similarity' });
    return { outputs: [out], weights: [], explain };
  },
};

export const specs: LayerSpec[] = [
  mergeSpec('Add', '+', 'merging_layers/add'),
  mergeSpec('Subtract', '−', 'merging_layers/subtract', subtractCheck),
  mergeSpec('Multiply', '×', 'merging_layers/multiply'),
  mergeSpec('Average', 'avg', 'merging_layers/average'),
  mergeSpec('Maximum', 'max', 'merging_layers/maximum'),
  mergeSpec('Minimum', 'min', 'merging_layers/minimum'),
  concatenate,
  dot,
];
