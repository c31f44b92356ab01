// The backend's image-format functions across Keras versions, as pure
// descriptions of a call's effect: Keras 1's `set_image_dim_ordering('th')`
// and `image_dim_ordering()`, and `set_image_data_format` /
// `image_data_format()` (Keras 2, tf.keras 2, Keras 3). The interpreter keeps
// the current format and applies the effect.
import { CALLEE, positionalRef, type KerasVersion, type LegacyEdit, type LegacyNote } from './legacyCore';
import { pyRepr } from './format';
import type { PyValue } from './types';

export type ImageDataFormat = 'channels_last' | 'channels_first';

/** The backend functions `legacyBackendCall` describes (as attributes of `keras.backend` / `K`, or `keras.config` in Keras 3). */
export const IMAGE_DATA_FORMAT_FUNCTIONS: readonly string[] = [
  'set_image_dim_ordering',
  'image_dim_ordering',
  'set_image_data_format',
  'image_data_format',
];

export interface BackendCallEffect {
  /**
   * The image data format the program means from now on. Set by the setters
   * even when the version lacks the function (`raises`): carrying on with the
   * intended format keeps one diagnostic from turning into a cascade.
   */
  readonly imageDataFormat: ImageDataFormat;
  /** The call's value: the format name for getters (`'th'` / `'tf'` for image_dim_ordering), None for setters. */
  readonly returns: PyValue;
  /** What the chosen version raises for this call (`AttributeError: …`, `ValueError: …`), if anything. */
  readonly raises?: string;
  readonly notes: readonly LegacyNote[];
}

const HAS: Readonly<Record<string, readonly KerasVersion[]>> = {
  set_image_dim_ordering: ['1', '2'],
  image_dim_ordering: ['1', '2'],
  set_image_data_format: ['2', 'tf.keras2', '3'],
  image_data_format: ['2', 'tf.keras2', '3'],
};

function noFunction(name: string): string {
  return `AttributeError: module 'keras.backend' has no attribute '${name}'`;
}

/**
 * The effect of `K.<functionName>(*args)` given the current image data
 * format; undefined for other functions. `args` are the positional values
 * (the keyword forms `dim_ordering=` / `data_format=` can be passed as the first).
 */
export function legacyBackendCall(
  functionName: string,
  args: readonly PyValue[],
  current: ImageDataFormat,
  version: KerasVersion,
): BackendCallEffect | undefined {
  const versions = HAS[functionName];
  if (versions === undefined) return undefined;
  const exists = versions.includes(version);
  const missing = exists ? undefined : noFunction(functionName);
  switch (functionName) {
    case 'set_image_dim_ordering': {
      const v = args[0];
      const format: ImageDataFormat | undefined = v === 'th' ? 'channels_first' : v === 'tf' ? 'channels_last' : undefined;
      if (format === undefined) {
        if (typeof v !== 'string') return { imageDataFormat: current, returns: null, notes: [] };
        return { imageDataFormat: current, returns: null, raises: missing ?? `ValueError: ('Unknown dim_ordering:', ${pyRepr(v)})`, notes: [] };
      }
      const notes: LegacyNote[] = [];
      const fix: LegacyEdit[] = [
        { kind: 'replace', target: CALLEE, text: ['set_image_data_format'] },
        { kind: 'replace', target: positionalRef(0), text: [`'${format}'`] },
      ];
      notes.push({
        code: 'legacy-function',
        at: CALLEE,
        old: `set_image_dim_ordering(${pyRepr(v)})`,
        keras3: `set_image_data_format('${format}')`,
        validIn: HAS.set_image_dim_ordering,
        behaviour: { kind: 'raises', error: noFunction(functionName) },
        applied: exists,
        severity: 'info',
        message:
          `\`set_image_dim_ordering(${pyRepr(v)})\` is Keras 1's spelling of \`set_image_data_format('${format}')\`` +
          `${exists ? ` (read the old way: kerasVersion is '${version}')` : ''}; ` +
          `Keras 3 raises \`${noFunction(functionName)}\` — write \`keras.config.set_image_data_format('${format}')\`.`,
        fixTitle: `Write \`set_image_data_format('${format}')\``,
        fix,
      });
      return { imageDataFormat: format, returns: null, ...(missing !== undefined ? { raises: missing } : {}), notes };
    }
    case 'image_dim_ordering': {
      const value = current === 'channels_first' ? 'th' : 'tf';
      const notes: LegacyNote[] = [
        {
          code: 'legacy-function',
          at: CALLEE,
          old: 'image_dim_ordering()',
          keras3: 'image_data_format()',
          validIn: HAS.image_dim_ordering,
          behaviour: { kind: 'raises', error: noFunction(functionName) },
          applied: exists,
          severity: 'info',
          message:
            `\`image_dim_ordering()\` is Keras 1's spelling of \`image_data_format()\`, returning 'th' for 'channels_first' and 'tf' for 'channels_last'` +
            `${exists ? ` (read the old way: kerasVersion is '${version}')` : ''}; ` +
            `Keras 3 raises \`${noFunction(functionName)}\` — write \`keras.config.image_data_format()\` and compare with '${current}'.`,
          fixTitle: 'Write `image_data_format()`',
          fix: [{ kind: 'replace', target: CALLEE, text: ['image_data_format'] }],
        },
      ];
      return { imageDataFormat: current, returns: value, ...(missing !== undefined ? { raises: missing } : {}), notes };
    }
    case 'set_image_data_format': {
      const v = args[0];
      if (typeof v !== 'string') return { imageDataFormat: current, returns: null, ...(missing !== undefined ? { raises: missing } : {}), notes: [] };
      // Keras 3 lower-cases the value; Keras 2 and tf.keras 2 compared it as given.
      const s = version === '3' ? v.toLowerCase() : v;
      if (s !== 'channels_first' && s !== 'channels_last') {
        const error =
          version === '3'
            ? `ValueError: The \`data_format\` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=${s}`
            : `ValueError: ('Unknown data_format:', ${pyRepr(v)})`;
        return { imageDataFormat: current, returns: null, raises: missing ?? error, notes: [] };
      }
      return { imageDataFormat: s, returns: null, ...(missing !== undefined ? { raises: missing } : {}), notes: [] };
    }
    default:
      return { imageDataFormat: current, returns: current, ...(missing !== undefined ? { raises: missing } : {}), notes: [] };
  }
}
