// The Keras version in effect as the views say it: "tf.keras 2, from
// requirements.txt line 3: tensorflow<2.16" (status bar, output, CLI).
import type { KerasVersionChoice } from '../analysis/kerasVersion';
import type { KerasVersion } from '../engine';
import { msg, type Locale } from './messages';

/** The product name of a version (not translated). */
export function kerasVersionLabel(version: KerasVersion): string {
  return version === 'tf.keras2' ? 'tf.keras 2' : `Keras ${version}`;
}

/**
 * Why this version is in effect. `given` names what a given version came
 * from; `file` is the manifest as the reader should see it (a path relative
 * to the workspace or the current directory).
 */
export function describeKerasVersion(choice: KerasVersionChoice, locale: Locale, given: 'setting' | 'option', file?: string): string {
  const version = kerasVersionLabel(choice.version);
  switch (choice.source) {
    case 'given':
      return msg(locale, given === 'setting' ? 'kerasVersion.setting' : 'kerasVersion.option', { version });
    case 'manifest':
      return msg(locale, 'kerasVersion.manifest', { version, file: file ?? choice.file, line: String(choice.line), text: choice.text });
    case 'default':
      return msg(locale, 'kerasVersion.default', { version });
  }
}
