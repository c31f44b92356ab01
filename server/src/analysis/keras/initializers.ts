// TensorFlow's initializer objects (`tf.random_uniform_initializer(...)`,
// `tf.zeros_initializer()`, …): calling one with a shape makes an eager
// tensor of that shape, float32 unless `dtype`. Given to a layer, it stays an
// initializer the layer calls itself.
//
//   tf.random_uniform_initializer()(shape=(64, 512), dtype="float32") → array (64, 512) float32
import { Builtin, Tensor, unknownBecause, whyOf, type CallSiteArgs, type Value } from '../values';
import { shapeFromValue } from './convert';

/** The dtypes each initializer takes (TensorFlow raises for others). */
const FLOATS = ['float16', 'bfloat16', 'float32', 'float64'];
const NUMBERS = [...FLOATS, 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64'];
const INITIALIZERS: Readonly<Record<string, readonly string[]>> = {
  random_uniform_initializer: NUMBERS,
  random_normal_initializer: FLOATS,
  truncated_normal_initializer: FLOATS,
  zeros_initializer: [...NUMBERS, 'bool'],
  ones_initializer: [...NUMBERS, 'bool'],
};

export function isInitializerPath(path: string): boolean {
  const m = /^tensorflow\.(?:initializers\.)?(\w+)$/.exec(path);
  return m !== null && Object.hasOwn(INITIALIZERS, m[1]);
}

/** The initializer object a constructor call makes: a callable `(shape, dtype=tf.float32)`. */
export function makeInitializer(path: string, line: number | undefined): Value {
  const name = path.slice(path.lastIndexOf('.') + 1);
  const dtypes = INITIALIZERS[name];
  const where = line !== undefined ? ` on line ${line}` : '';
  return new Builtin(name, (args: CallSiteArgs) => {
    const shapeArg = args.keywords.get('shape') ?? args.positional[0] ?? null;
    const dtypeArg = args.keywords.get('dtype') ?? args.positional[1] ?? 'float32';
    const shape = shapeFromValue(shapeArg);
    if (!shape || shape.includes(null)) return unknownBecause(whyOf(shapeArg) || `the shape given to \`tf.${name}\`${where} is not known`);
    if (typeof dtypeArg !== 'string' || !dtypes.includes(dtypeArg)) return unknownBecause(whyOf(dtypeArg) || `the dtype given to \`tf.${name}\`${where} is not one it makes`);
    const t = new Tensor(shape, null, false);
    t.dtype = dtypeArg;
    return t;
  });
}
