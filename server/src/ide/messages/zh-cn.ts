// 简体中文: the Simplified Chinese texts of the views, key for key with en.ts,
// in the terms of the Chinese Keras documentation (层, 输出形状, 参数量,
// 可训练参数, 不可训练参数, 模型). Keras's own error messages stay in English:
// a diagnostic shows the explanation of its code (below) and then that message.
import type { AnalysisCode } from '../../analysis';
import type { CodeDoc } from '../../engine/codes';
import type { MessageKey } from './en';

export const ZH_CN: Readonly<Record<MessageKey, string>> = {
  'hint.params.one': '{count} 个参数',
  'hint.params.other': '{count} 个参数',
  'hint.times': '×{count}',
  'hint.more': '另 {count} 种',
  'hint.from': '来自 {places}',
  'tooltip.split': '{params}（可训练 {trainable}，不可训练 {nonTrainable}）',
  'tooltip.unknown': '未知：{reason}',

  'hover.docs': 'Keras 文档',
  'hover.result': '结果 {index}/{total}',
  'hover.otherResults': '其他结果',
  'hover.split': '可训练 {trainable} · 不可训练 {nonTrainable}',
  'hover.noWeights': '无权重',
  'hover.paramsUnknown': '参数量未知',
  'hover.outputUnknown': '输出形状未知：{reason}',
  'hover.outputUnknownPlain': '输出形状未知。',
  'hover.weight': '权重',
  'hover.shape': '形状',
  'hover.params': '参数量',
  'hover.trainable': '可训练',
  'hover.yes': '是',
  'hover.no': '否',

  'label.height': '高',
  'label.width': '宽',
  'label.depth': '深',
  'label.length': '长度',
  'label.input': '输入',
  'label.output': '输出',
  'label.params': '参数量',
  'label.weights': '权重',
  'label.channels': '通道',
  'label.size': '尺寸',
  'label.groups': '分组',
  'label.merge': '合并',
  'label.mask': '掩码',
  'label.attention': '注意力',
  'label.scores': '分数',
  'label.per step': '每个时间步',

  'model.total': '总参数量：{count}',
  'model.trainable': '可训练参数：{count}',
  'model.nonTrainable': '不可训练参数：{count}',
  'model.layers': '层数：{count}',
  'lens.title': '总参数量：{count} · 显示模型概要',
  'lens.graph': '显示模型图',

  'summary.model': '模型："{name}"',
  'summary.layer': '层（类型）',
  'summary.outputShape': '输出形状',
  'summary.params': '参数量',
  'summary.connectedTo': '连接到',
  'summary.total': '总参数量：{value}',
  'summary.trainable': '可训练参数：{value}',
  'summary.nonTrainable': '不可训练参数：{value}',
  'summary.noModel': '此文件中没有找到 Keras 模型。',
  'summary.noModelIn': '{file}：此文件中没有构建模型',

  'diagnostic.help': '帮助',
  'diagnostic.suggestion': '建议',
  'count.error.one': '{count} 个错误',
  'count.error.other': '{count} 个错误',
  'count.warning.one': '{count} 个警告',
  'count.warning.other': '{count} 个警告',
  'count.file.one': '{count} 个文件',
  'count.file.other': '{count} 个文件',
  'tally.found': '在 {files}中发现 {errors}（{details}）',
  'tally.clean': '{files}中没有形状错误',
  'tally.cleanWith': '{files}中没有形状错误（{details}）',
  'tally.checked': '已检查 {files}',
  'tally.skipped': '跳过 {files}',
  'list.separator': '，',
};

/** What each diagnostic code means and what to do, in Chinese (the English docs are in engine/codes.ts and ide/diagnostics.ts). */
export const ZH_CN_CODE_DOCS: Readonly<Record<AnalysisCode, CodeDoc>> = {
  'incompatible-input': {
    summary: '张量的秩或某个固定轴与该层接受的输入不符（Keras 的 InputSpec 检查）。',
    fix: '检查轴的顺序（Conv1D 需要 (steps, channels)）；在它前面加一个 Reshape、Flatten 或全局池化层。',
  },
  'negative-dim': {
    summary: '某个输出维度会是零或负数：卷积核或池化窗口比输入还大。',
    fix: "使用 padding='same'、更小的卷积核或步长，或在该层之前减少下采样。",
  },
  'invalid-argument': {
    summary: 'Keras 不接受的参数值（类型错误、超出范围或未知选项）。',
    fix: '使用文档中规定的类型和范围内的值。',
  },
  'unknown-argument': {
    summary: '该层不接受的关键字参数，常见原因是拼写错误。',
    fix: '对照层的签名检查拼写（例如 `kernel_size`、`strides`、`activation`）。',
  },
  'incompatible-shapes': {
    summary: '合并层（Add、Concatenate、Dot 等）的输入形状无法组合。',
    fix: '除拼接轴外，让各输入的形状相同（或可广播）。',
  },
  'undefined-dim': {
    summary: '某个权重取决于一个未知（`None`）的维度，例如在长度未知的 Flatten 之后接 Dense。',
    fix: '为该层据以创建权重的轴指定固定大小。',
  },
  'invalid-reshape': {
    summary: 'Reshape 的目标形状与输入的元素个数不符。',
    fix: '让目标形状各维之积等于输入形状（不含批次轴）各维之积，或使用一次 -1。',
  },
  'unknown-layer': {
    summary: '分析不认识的 `keras.layers` 类：Keras 没有这个名字（通常是拼写错误，如 `layers.Denes`，会给出最接近的层名），或是分析尚未描述的 Keras 层（提示）。其输出形状显示为未知。',
    fix: '按提示修正拼写；若是分析尚未描述的 Keras 层，则无需修改。',
  },
  'syntax-error': {
    summary: 'Python 无法解析文件的这一部分（因此也无法运行）：括号未闭合、缺少 `:` 或 `)`，或混入了不可见字符，如不间断空格（U+00A0）。分析会尽量读取该语句，并继续分析其余部分。',
    fix: '补全或修正这条语句；若某行看起来正确却无法解析，请重新输入该行以替换不可见字符。',
  },
  'legacy-argument': {
    summary: '参数采用了 Keras 1 / Keras 2 / tf.keras 2 的写法（`border_mode=`、`init=`、`output_dim=`、`Convolution2D(32, 3, 3)`、`batch_input_shape=`、`Input(shape=1024)`）；Keras 3 会拒绝它，或按不同的含义读取。',
    fix: '改用提示给出的 Keras 3 写法（如 `padding=\'same\'`、`kernel_initializer=`、`units=`、`kernel_size=(3, 3)`），快速修复可直接改写；也可设置 `kerasShapes.kerasVersion`，按旧版本读取旧代码。',
  },
  'legacy-layer': {
    summary: 'Keras 3 已不再以此名称提供的层类（`Deconvolution2D`、`AtrousConvolution2D`、`TimeDistributedDense`、`Merge` / `merge(mode=…)`、`CuDNNLSTM`、`ThresholdedReLU`），或已完全移除的层（`MaxoutDense`、`Highway`、`LocallyConnected2D`）。',
    fix: '改用提示中的 Keras 3 层（`Conv2DTranspose`、`Conv2D(dilation_rate=…)`、`TimeDistributed(Dense(…))`、`Concatenate`/`Add`/`Dot`、`LSTM`、`ReLU(threshold=…)`）。',
  },
  'legacy-function': {
    summary: 'Keras 1 的后端函数（`K.set_image_dim_ordering(\'th\')`、`K.image_dim_ordering()`），Keras 3 中已不存在。',
    fix: '改用 `keras.config.set_image_data_format(\'channels_first\')` / `keras.config.image_data_format()`，并与 \'channels_first\' / \'channels_last\' 比较。',
  },
  'budget-exhausted': {
    summary: '该文件所需的解释步数超过了分析预算（循环很长或递归很深）；此后的形状不再显示。',
    fix: '调高 `kerasShapes.analysisBudget`，或在构建模型的代码中减少循环次数。',
  },
};
