// Core layers: Dense, Embedding.
//   Dense(5) on (None, 2, 3, 1) → (None, 2, 3, 5): acts on the last axis only;
//   kernel (1, 5) + bias (5,) = 10 params.
import { checkActivation } from '../activations';
import { formatShape } from '../format';
import { checkInputSpec, singleInput, weight } from '../shapeUtils';
import type { LayerSpec } from '../spec';

const dense: LayerSpec = {
  className: 'Dense',
  docPath: 'core_layers/dense',
  params: [
    { name: 'units' },
    { name: 'activation', default: null },
    { name: 'use_bias', default: true },
    { name: 'kernel_initializer', default: 'glorot_uniform' },
    { name: 'bias_initializer', default: 'zeros' },
    { name: 'kernel_regularizer', default: null },
    { name: 'bias_regularizer', default: null },
    { name: 'activity_regularizer', default: null },
    { name: 'kernel_constraint', default: null },
    { name: 'bias_constraint', default: null },
    { name: 'lora_rank', default: null },
    { name: 'lora_alpha', default: null },
    { name: 'quantization_config', default: null },
  ],
  construct: (a) => {
    a.positiveInt('units');
    checkActivation(a);
  },
  compute: (a, input, ctx) => {
    const units = a.positiveInt('units');
    const shape = singleInput(input, ctx.layerName);
    checkInputSpec(shape, { minNdim: 2 }, ctx.layerName);
    const inDim = shape[shape.length - 1];
    const weights = [weight('kernel', [inDim, units])];
    if (a.bool('use_bias')) weights.push(weight('bias', [units]));
    const out = [...shape.slice(0, -1), units];
    const explain = [
      {
        label: 'output',
        text:
          shape.length > 2
            ? `Dense acts on the last axis only: ${formatShape(shape)} → ${formatShape(out)}`
            : `last axis ${inDim} → ${units} units`,
      },
      { label: 'kernel', text: `(${inDim}, ${units}): every one of the ${inDim} inputs connects to each of the ${units} units` },
    ];
    return { outputs: [out], weights, explain };
  },
};

export const specs: LayerSpec[] = [dense];
