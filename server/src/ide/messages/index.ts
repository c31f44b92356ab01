// The views' words in the user's language: `msg(locale, key, params)` looks a
// key up in the locale's catalogue (English when a text is missing) and fills
// its `{placeholders}`, whose names are checked against the English text:
//
//   msg('zh-cn', 'model.total', { count: '80,809' })  // '总参数量：80,809'
//
// Diagnostics keep Keras's English message (people search for it); in another
// language it comes after the explanation of its code (`diagnosticMessage`).
import type { AnalysisCode } from '../../analysis';
import type { CodeDoc } from '../../engine/codes';
import { EN, type MessageKey } from './en';
import { ZH_CN, ZH_CN_CODE_DOCS } from './zh-cn';

export type { MessageKey } from './en';

/** The languages of the views. */
export const LOCALES = ['en', 'zh-cn'] as const;
export type Locale = (typeof LOCALES)[number];

export const CATALOGUES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en: EN, 'zh-cn': ZH_CN };

/** The names between braces in a text: `'{a} of {b}'` gives `'a' | 'b'`. */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The values a key needs: none, or one per placeholder of its English text. */
export type MessageParams<K extends MessageKey> = [Placeholders<(typeof EN)[K]>] extends [never]
  ? []
  : [params: Readonly<Record<Placeholders<(typeof EN)[K]>, string | number>>];

export function msg<K extends MessageKey>(locale: Locale, key: K, ...params: MessageParams<K>): string {
  const text: string = CATALOGUES[locale][key] ?? EN[key];
  const values = params[0] as Readonly<Record<string, string | number>> | undefined;
  if (!values) return text;
  return text.replace(/\{([^{}]+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

type CountedKey = 'hint.params' | 'count.error' | 'count.warning' | 'count.file';

/** A count with its word, singular or plural: `1 param`, `4,632 params`. */
export function msgCount(locale: Locale, key: CountedKey, n: number, shown: string = String(n)): string {
  return msg(locale, n === 1 ? `${key}.one` : `${key}.other`, { count: shown });
}

/**
 * The locale of a language tag (BCP 47 as VS Code sends it, `zh-cn`, or
 * POSIX as in `LANG`, `zh_CN.UTF-8`): Simplified Chinese for zh-CN, zh-SG,
 * zh-Hans and a bare zh; English otherwise.
 */
export function localeOf(tag: string | undefined | null): Locale {
  if (!tag) return 'en';
  const t = tag.trim().toLowerCase().replace(/_/g, '-').replace(/[.@].*$/, '');
  if (t === 'zh' || t === 'zh-cn' || t === 'zh-sg' || t.startsWith('zh-hans') || t.startsWith('zh-cn-') || t.startsWith('zh-sg-')) return 'zh-cn';
  return 'en';
}

/** An explanation step's label in the locale (labels without a translation are Keras names: shown as they are). */
export function explainLabel(locale: Locale, label: string): string {
  const key = `label.${label}`;
  return Object.hasOwn(EN, key) ? msg(locale, key as MessageKey & `label.${string}`) : label;
}

/** What a diagnostic code means and how to fix it, in the locale; undefined in English (the docs themselves: engine/codes.ts, ide/diagnostics.ts). */
export function translatedCodeDoc(locale: Locale, code: string): CodeDoc | undefined {
  if (locale === 'zh-cn' && Object.hasOwn(ZH_CN_CODE_DOCS, code)) return ZH_CN_CODE_DOCS[code as AnalysisCode];
  return undefined;
}

/**
 * A diagnostic's message in the locale: in English, the message itself; in
 * another language, the explanation of its code on the first line, then the
 * message as Keras (or the analysis) wrote it.
 */
export function diagnosticMessage(locale: Locale, code: string, message: string): string {
  if (locale === 'en') return message;
  const doc = translatedCodeDoc(locale, code);
  return doc ? `${doc.summary}\n${message}` : message;
}
