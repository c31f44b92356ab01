// EinsumDense, and the einsum-equation analysis that the attention layers
// reuse for their projections.
//   EinsumDense('abc,cde->abde', output_shape=(4, 1, 8), bias_axes='e') on (32, 4, 16)
//   → (32, 4, 1, 8); kernel (16, 1, 8) ('c' from the input, 'd', 'e' from output_shape),
//   bias (8,) = 136 params.
// Keras derives the output shape from the equation and `output_shape` alone (it never
// runs the einsum on symbolic inputs), so its quirks are reproduced here: extra input
// axes are appended to the output when the equation has no ellipsis, and the axes an
// ellipsis stands for come out in reverse order after the batch axis.
import { checkActivation } from '../activations';
import type { ArgReader } from '../args';
import { LayerError, failConstruct } from '../errors';
import { formatDim, formatShape, pyRepr } from '../format';
import type { LayerSpec } from '../spec';
import type { Dim, ExplainStep, PyValue, Shape, Weight } from '../types';

/** Python's `repr` of a dimension inside an f-string (`None`, `16`). */
function dimText(d: Dim | undefined): string {
  return d === undefined ? 'None' : formatDim(d);
}

/** Python indexing (negative counts from the end); out of range raises like Python. */
function pyIndex<T>(items: readonly T[], i: number, kind: 'tuple' | 'list', context: () => string): T {
  const j = i < 0 ? items.length + i : i;
  if (j < 0 || j >= items.length) {
    throw new LayerError('incompatible-input', `${kind} index out of range (${context()})`);
  }
  return items[j];
}

/** The layer's variable; Keras refuses shapes with `None` and names the full variable path. */
export function variable(path: string, name: string, shape: readonly Dim[], trainable = true): Weight {
  if (shape.some((d) => d === null)) {
    throw new LayerError(
      'undefined-dim',
      `Shapes used to initialize variables must be fully-defined (no \`None\` dimensions). Received: shape=${formatShape(shape)} for variable path='${path}/${name.split('/').pop() ?? name}'`,
      'call',
      { kind: 'variable', name: name.split('/').pop() ?? name, shape },
    );
  }
  if (shape.some((d) => d !== null && d < 0)) {
    throw new LayerError('negative-dim', `negative dimensions are not allowed (variable '${name}' would have shape ${formatShape(shape)})`);
  }
  return { name, shape: shape as number[], trainable };
}

export interface EinsumAnalysis {
  readonly inputSpec: string;
  readonly weightSpec: string;
  readonly outputSpec: string;
  /** How many input axes the ellipsis (or the missing letters) stand for. */
  readonly elided: number;
  readonly leftElided: boolean;
  readonly kernel: Dim[];
  readonly bias: Dim[] | null;
  readonly output: Dim[];
}

interface SplitEquation {
  readonly parts: readonly [string, string, string];
  readonly leftElided: boolean;
}

/** Memo of `splitEquation` (pure; attention layers parse the same few equations on every call). */
const splitEquations = new Map<string, SplitEquation>();

function splitEquation(equation: string): SplitEquation {
  let r = splitEquations.get(equation);
  if (r === undefined) {
    r = splitEquationOf(equation);
    if (splitEquations.size < 10_000) splitEquations.set(equation, r);
  }
  return r;
}

/** Splits an equation into input, weight and output specs the way Keras's regexes do. */
function splitEquationOf(equation: string): SplitEquation {
  const s = equation.replace(/\.\.\./g, '0');
  let m = /^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)/.exec(s);
  if (m) return { parts: [m[1], m[2], m[3]], leftElided: false };
  m = /^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)/.exec(s);
  if (m) return { parts: [m[1], m[2], m[3]], leftElided: true };
  m = /^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0/.exec(s);
  if (m) return { parts: [m[1], m[2], m[3]], leftElided: false };
  throw new LayerError(
    'invalid-argument',
    `Invalid einsum equation '${equation}'. Equations must be in the form [X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....`,
  );
}

/**
 * Kernel, bias and full output shapes of `EinsumDense(equation, partialOutput, bias_axes)`
 * built on `inputShape`, with Keras's checks and messages.
 */
export function analyzeEinsum(
  equation: string,
  biasAxes: string | null,
  inputShape: Shape,
  partialOutput: readonly Dim[],
): EinsumAnalysis {
  const { parts, leftElided } = splitEquation(equation);
  const [inputSpec, weightSpec, outputSpec] = parts;
  const elided = inputShape.length - inputSpec.length;
  const rankNote = (): string => `the equation's input '${inputSpec}' has ${inputSpec.length} axes, the input ${formatShape(inputShape)} has ${inputShape.length}`;
  const inAt = (i: number): Dim => pyIndex(inputShape, i, 'tuple', rankNote);

  const output: Dim[] = [...partialOutput];
  output.splice(0, 0, inAt(0));
  if (elided > 0 && leftElided) {
    for (let i = 1; i < elided; i++) output.splice(1, 0, inputShape[i]);
  } else if (elided > 0) {
    for (let i = inputShape.length - elided; i < inputShape.length; i++) output.push(inputShape[i]);
  }
  const outNote = (): string => `output_shape has ${output.length - 1} entries besides the batch axis for output '${outputSpec}'`;
  const outAt = (i: number): Dim => pyIndex(output, i, 'list', outNote);

  // Later letters win on repeats, like a Python dict comprehension.
  const inputMap = new Map<string, number>();
  const outputMap = new Map<string, number>();
  [...inputSpec].forEach((c, i) => inputMap.set(c, leftElided ? i + elided - inputShape.length : i));
  [...outputSpec].forEach((c, i) => outputMap.set(c, leftElided ? i + elided : i));

  for (const c of inputSpec) {
    const inDim = inAt(inputMap.get(c) as number);
    const oi = outputMap.get(c);
    if (oi !== undefined) {
      const outDim = outAt(oi);
      if (outDim !== null && outDim !== inDim) {
        throw new LayerError(
          'incompatible-input',
          `Input shape and output shape do not match at shared dimension '${c}'. Input shape is ${dimText(inDim)}, and output shape is ${dimText(outDim)}.`,
        );
      }
    }
  }
  for (const c of outputSpec) {
    if (!inputSpec.includes(c) && !weightSpec.includes(c)) {
      throw new LayerError(
        'invalid-argument',
        `Dimension '${c}' was specified in the output '${outputSpec}' but has no corresponding dim in the input spec '${inputSpec}' or weight spec '${outputSpec}'`,
      );
    }
  }
  const kernel: Dim[] = [];
  for (const c of weightSpec) {
    const oi = outputMap.get(c);
    const ii = inputMap.get(c);
    if (oi !== undefined) kernel.push(outAt(oi));
    else if (ii !== undefined) kernel.push(inAt(ii));
    else {
      throw new LayerError(
        'invalid-argument',
        `Weight dimension '${c}' did not have a match in either the input spec '${inputSpec}' or the output spec '${outputSpec}'. For this layer, the weight must be fully specified.`,
      );
    }
  }
  let bias: Dim[] | null = null;
  if (biasAxes !== null) {
    const shift = leftElided ? elided : 0;
    const sizeOf = new Map<string, Dim>();
    [...outputSpec].forEach((c, i) => sizeOf.set(c, outAt(i + shift)));
    for (const c of biasAxes) {
      if (!outputSpec.includes(c)) {
        throw new LayerError('invalid-argument', `Bias dimension '${c}' was requested, but is not part of the output spec '${outputSpec}'`);
      }
    }
    if (biasAxes.length === 0) throw new LayerError('invalid-argument', 'min() arg is an empty sequence (bias_axes is empty)');
    const first = Math.min(...[...biasAxes].map((c) => outputSpec.indexOf(c)));
    bias = [...outputSpec.slice(first)].map((c) => (biasAxes.includes(c) ? (sizeOf.get(c) as Dim) : 1));
    if (!leftElided) for (let i = 0; i < elided; i++) bias.push(1);
  }
  return { inputSpec, weightSpec, outputSpec, elided, leftElided, kernel, bias, output };
}

/** `output_shape` as Keras stores it: an int becomes a 1-tuple; None entries stay. */
export function partialOutputShape(a: ArgReader, name = 'output_shape'): Dim[] {
  const v = a.get(name);
  if (typeof v === 'number' || typeof v === 'boolean') return [Number(v)];
  if (Array.isArray(v)) {
    const items = v as readonly PyValue[];
    if (!items.every((d) => d === null || (typeof d === 'number' && Number.isInteger(d)))) {
      a.invalid(name, 'an integer or a tuple of integers and None');
    }
    return items as Dim[];
  }
  if (v === null) failConstruct('invalid-argument', "'NoneType' object is not iterable (`output_shape` is required)");
  return a.invalid(name, 'an integer or a tuple of integers and None');
}

/** The letter-by-letter story of an analysis, for the hover. */
export function explainEinsum(equation: string, biasAxes: string | null, input: Shape, r: EinsumAnalysis): ExplainStep[] {
  const inLetters = [...r.inputSpec];
  const inSizes = new Map<string, Dim>();
  inLetters.forEach((c, i) => {
    const j = r.leftElided ? i + r.elided : i;
    inSizes.set(c, input[j] ?? null);
  });
  const steps: ExplainStep[] = [
    {
      label: 'equation',
      text: `'${equation}': input '${r.inputSpec}' = ${formatShape(input)}, kernel '${r.weightSpec}', output '${r.outputSpec}'`,
    },
  ];
  if (r.elided > 0) {
    steps.push({
      label: 'extra axes',
      text: r.leftElided
        ? `'...' covers ${r.elided} leading input axes; Keras keeps the batch axis first and inserts the other ${r.elided - 1} after it in reverse order`
        : `the input has ${r.elided} more ${r.elided === 1 ? 'axis' : 'axes'} than '${r.inputSpec}'; Keras appends ${r.elided === 1 ? 'it' : 'them'} to the output unchanged`,
    });
  }
  const shift = r.leftElided ? r.elided : 0;
  const unfilled = [...r.outputSpec].filter((c, i) => r.output[i + shift] === null && (inSizes.get(c) ?? null) !== null);
  steps.push({
    label: 'output',
    text:
      formatShape(r.output) +
      (unfilled.length > 0
        ? ` ('${unfilled.join("', '")}' ${unfilled.length === 1 ? 'stays' : 'stay'} None: output_shape says None there and Keras does not fill it from the input)`
        : ''),
  });
  const kernelParts = [...r.weightSpec].map((c, i) => {
    const fromInput = inSizes.has(c) && !r.outputSpec.includes(c);
    return `${c}=${formatDim(r.kernel[i])}${fromInput ? ' (input)' : ' (output_shape)'}`;
  });
  steps.push({ label: 'kernel', text: `${formatShape(r.kernel)}: ${kernelParts.join(', ')}` });
  if (r.bias && biasAxes !== null) {
    const from = r.outputSpec.slice(Math.min(...[...biasAxes].map((c) => r.outputSpec.indexOf(c))));
    const trailing = r.bias.length - from.length;
    steps.push({
      label: 'bias',
      text: `${formatShape(r.bias)}: bias_axes '${biasAxes}' laid over output axes '${from}'${trailing > 0 ? ` plus ${trailing} appended ${trailing === 1 ? 'axis' : 'axes'} of size 1` : ''}, broadcast elsewhere`,
    });
  }
  return steps;
}

const einsumDense: LayerSpec = {
  className: 'EinsumDense',
  docPath: 'core_layers/einsum_dense',
  params: [
    { name: 'equation' },
    { name: 'output_shape' },
    { name: 'activation', default: null },
    { name: 'bias_axes', default: null },
    { name: 'kernel_initializer', default: 'glorot_uniform' },
    { name: 'bias_initializer', default: 'zeros' },
    { name: 'kernel_regularizer', default: null },
    { name: 'bias_regularizer', default: null },
    { name: 'kernel_constraint', default: null },
    { name: 'bias_constraint', default: null },
    { name: 'lora_rank', default: null },
    { name: 'lora_alpha', default: null },
    { name: 'gptq_unpacked_column_size', default: null },
    { name: 'quantization_config', default: null },
  ],
  construct: (a) => {
    partialOutputShape(a);
    checkActivation(a);
  },
  compute: (a, input, ctx) => {
    if (input.shapes.length !== 1 || input.isList) {
      throw new LayerError('incompatible-input', `Layer '${ctx.layerName}' expects 1 input(s), but it received ${input.shapes.length} input tensors.`);
    }
    const shape = input.shapes[0];
    const equation = a.str('equation');
    const biasAxes = a.strOrNull('bias_axes');
    const r = analyzeEinsum(equation, biasAxes, shape, partialOutputShape(a));
    const path = ctx.layerName;
    const loraRank = a.raw('lora_rank');
    const lora = loraRank !== null && loraRank !== false && loraRank !== 0;
    const weights: Weight[] = [variable(path, 'kernel', r.kernel, !lora)];
    if (r.bias) weights.push(variable(path, 'bias', r.bias));
    let loraText: string | null = null;
    if (lora) {
      const rank = a.int('lora_rank');
      if (a.raw('kernel_constraint') !== null) {
        throw new LayerError(
          'invalid-argument',
          'Lora is incompatible with kernel constraints. In order to enable lora on this layer, remove the `kernel_constraint` argument.',
        );
      }
      if (r.kernel.length === 0) throw new LayerError('invalid-argument', 'tuple index out of range (LoRA needs a kernel with at least one axis)');
      weights.push(variable(path, 'lora_kernel_a', [...r.kernel.slice(0, -1), rank]));
      weights.push(variable(path, 'lora_kernel_b', [rank, r.kernel[r.kernel.length - 1]]));
      loraText = `kernel frozen; trainable factors ${formatShape([...r.kernel.slice(0, -1), rank])} and (${rank}, ${formatDim(r.kernel[r.kernel.length - 1])}) (lora_rank=${pyRepr(loraRank)})`;
    }
    const explain = (): ExplainStep[] => {
      const steps = explainEinsum(equation, biasAxes, shape, r);
      if (loraText !== null) steps.push({ label: 'LoRA', text: loraText });
      return steps;
    };
    return { outputs: [r.output], weights, explain };
  },
};

export const specs: LayerSpec[] = [einsumDense];
