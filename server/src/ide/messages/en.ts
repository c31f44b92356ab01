// English texts of the editor and CLI views (hovers, inlay hints, code lenses,
// summaries, diagnostics' wrapper text). The key set of this catalogue is the
// key set of every other language; `{name}` marks a placeholder.
export const EN = {
  // Inlay hints and their tooltips
  'hint.params.one': '{count} param',
  'hint.params.other': '{count} params',
  'hint.times': '×{count}',
  'hint.more': '+{count} more',
  'hint.from': 'from {places}',
  'tooltip.split': '{params} (trainable {trainable}, non-trainable {nonTrainable})',
  'tooltip.unknown': 'unknown: {reason}',

  // Hovers
  'hover.docs': 'Keras docs',
  'hover.result': 'Result {index} of {total}',
  'hover.otherResults': 'Other results',
  'hover.split': 'trainable {trainable} · non-trainable {nonTrainable}',
  'hover.noWeights': 'no weights',
  'hover.paramsUnknown': 'params unknown',
  'hover.outputUnknown': 'Output shape unknown: {reason}',
  'hover.outputUnknownPlain': 'Output shape unknown.',
  'hover.weight': 'weight',
  'hover.shape': 'shape',
  'hover.params': 'params',
  'hover.trainable': 'trainable',
  'hover.yes': 'yes',
  'hover.no': 'no',

  // Labels of the explanation steps the engine gives (others are shown as they are)
  'label.height': 'height',
  'label.width': 'width',
  'label.depth': 'depth',
  'label.length': 'length',
  'label.input': 'input',
  'label.output': 'output',
  'label.params': 'params',
  'label.weights': 'weights',
  'label.channels': 'channels',
  'label.size': 'size',
  'label.groups': 'groups',
  'label.merge': 'merge',
  'label.mask': 'mask',
  'label.attention': 'attention',
  'label.scores': 'scores',
  'label.per step': 'per step',

  // A model: hover and code lens
  'model.total': 'Total params: {count}',
  'model.trainable': 'Trainable params: {count}',
  'model.nonTrainable': 'Non-trainable params: {count}',
  'model.layers': 'Layers: {count}',
  'lens.title': 'Total params: {count} · Show summary',
  'lens.graph': 'Show graph',

  // Model summary (laid out like Keras's model.summary())
  'summary.model': 'Model: "{name}"',
  'summary.layer': 'Layer (type)',
  'summary.outputShape': 'Output Shape',
  'summary.params': 'Param #',
  'summary.connectedTo': 'Connected to',
  'summary.total': 'Total params: {value}',
  'summary.trainable': 'Trainable params: {value}',
  'summary.nonTrainable': 'Non-trainable params: {value}',
  'summary.noModel': 'No Keras model found in this file.',
  'summary.noModelIn': '{file}: no model is built in this file',

  // Diagnostics in the terminal and the tally of `keras-shapes check`
  'diagnostic.help': 'help',
  'diagnostic.suggestion': 'suggestion',
  'count.error.one': '{count} error',
  'count.error.other': '{count} errors',
  'count.warning.one': '{count} warning',
  'count.warning.other': '{count} warnings',
  'count.file.one': '{count} file',
  'count.file.other': '{count} files',
  'tally.found': 'Found {errors} in {files} ({details})',
  'tally.clean': 'No shape errors in {files}',
  'tally.cleanWith': 'No shape errors in {files} ({details})',
  'tally.checked': '{files} checked',
  'tally.skipped': '{files} skipped',
  'list.separator': ', ',
} as const;

export type MessageKey = keyof typeof EN;
