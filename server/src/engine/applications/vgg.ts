// VGG16 and VGG19: five blocks of 3×3 convolutions and max pooling, then
// Flatten and two 4096-unit layers with the top.
import { AppArgs, RESNET_MESSAGES, modelName, optionalPooling, standardParams, standardStart, validateClassifierActivation } from './common';
import type { Graph } from './graph';
import type { ApplicationDef, BuiltModel } from './registry';

function vgg(a: AppArgs, g: Graph, convsPerBlock: readonly number[]): BuiltModel {
  const input = standardStart(g, a, 224, 32, RESNET_MESSAGES);
  let x = input;
  const widths = [64, 128, 256, 512, 512];
  widths.forEach((filters, b) => {
    for (let i = 1; i <= convsPerBlock[b]; i++) {
      x = g.layer('Conv2D', { filters, kernel_size: [3, 3], activation: 'relu', padding: 'same', name: `block${b + 1}_conv${i}` }, x);
    }
    x = g.layer('MaxPooling2D', { pool_size: [2, 2], strides: [2, 2], name: `block${b + 1}_pool` }, x);
  });
  if (a.bool('include_top')) {
    x = g.layer('Flatten', { name: 'flatten' }, x);
    x = g.layer('Dense', { units: 4096, activation: 'relu', name: 'fc1' }, x);
    x = g.layer('Dense', { units: 4096, activation: 'relu', name: 'fc2' }, x);
    validateClassifierActivation(a);
    x = g.layer('Dense', { units: a.get('classes'), activation: a.get('classifier_activation'), name: 'predictions' }, x);
  } else x = optionalPooling(g, a, x, null, null);
  return { name: modelName(a), input, output: x };
}

export const vggApplications: readonly ApplicationDef[] = [
  { name: 'VGG16', family: 'VGG', params: standardParams('vgg16'), build: (a, g) => vgg(a, g, [2, 2, 3, 3, 3]) },
  { name: 'VGG19', family: 'VGG', params: standardParams('vgg19'), build: (a, g) => vgg(a, g, [2, 2, 4, 4, 4]) },
];
