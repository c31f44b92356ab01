// The layer catalogue: every family's specs, in one list. Adding a layer is
// one entry in its family file; this file only lists the families.
import type { LayerSpec } from './spec';
import { specs as core } from './layers/core';
import { specs as conv } from './layers/conv';
import { specs as pooling } from './layers/pooling';
import { specs as reshaping } from './layers/reshaping';
import { specs as normalization } from './layers/normalization';
import { specs as regularization } from './layers/regularization';
import { specs as activation } from './layers/activation';
import { specs as recurrent } from './layers/recurrent';
import { specs as attention } from './layers/attention';
import { specs as merging } from './layers/merging';
import { specs as preprocessing } from './layers/preprocessing';
import { specs as lookup } from './layers/lookup';
import { specs as thirdParty } from './layers/thirdParty';

export const allSpecs: readonly LayerSpec[] = [
  ...core,
  ...conv,
  ...pooling,
  ...reshaping,
  ...normalization,
  ...regularization,
  ...activation,
  ...recurrent,
  ...attention,
  ...merging,
  ...preprocessing,
  ...lookup,
];

/**
 * Layers of libraries built on Keras (keras_cv, keras_nlp, keras_hub,
 * tensorflow_addons): found by their class name like Keras's own, but not
 * names of `keras.layers` (`THIRD_PARTY_LAYERS` says which module has which).
 */
export const thirdPartySpecs: readonly LayerSpec[] = thirdParty;

/**
 * Layer classes of Keras 3's `keras.layers` the catalogue does not describe
 * (besides Input, InputLayer, Layer and Lambda, which the analysis models
 * itself): a call of one is unknown, and its name is no misspelling.
 */
export const UNDESCRIBED_LAYERS: readonly string[] = [
  'FlaxLayer',
  'HashedCrossing',
  'InputSpec',
  'JaxLayer',
  'MaxNumBoundingBoxes',
  'MelSpectrogram',
  'Pipeline',
  'ReversibleEmbedding',
  'STFTSpectrogram',
  'SpectralNormalization',
  'TFSMLayer',
  'TernaryDense',
  'TorchModuleWrapper',
  'Wrapper',
];
