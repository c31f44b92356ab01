// Why a value is not known, as the user reads it. The analysis writes its
// reasons in English, with the construct quoted and its line
// ("the input shape is not known because `pd.read_csv(…)` on line 12 is not
// analysed"); the views show them in the user's language and, in a notebook,
// with the cell and the line in it instead of the line of the joined cells.
//
//   reasonText('zh-cn', 'the input shape is not known because `f(…)` on line 12 is not analysed')
//   → '输入形状未知，因为第 12 行的 `f(…)` 未被分析'
//
// The sentences are the `reason.*` texts of the English catalogue, read back:
// each placeholder matches a part of the reason ({code} a quoted construct,
// {where} a line, {why}/{what} a reason in turn, {name} a layer name). A
// reason no sentence matches keeps its English words, its lines placed.
import { EN, type MessageKey } from './messages/en';
import { msg, type Locale } from './messages';

/** Where a 1-based line of the analysed text is, in the user's words: `line 12`, or `cell 3, line 2` in a notebook. */
export type LinePlacer = (line: number) => string;

export function plainLines(locale: Locale): LinePlacer {
  return (line) => msg(locale, 'where.line', { line });
}

const PLACEHOLDER_PATTERNS: Readonly<Record<string, string>> = {
  code: '(`[^`]*`)',
  where: 'line (\\d+)',
  name: "([^']*)",
  diag: '([a-z-]+)',
  why: '(.+)',
  what: '(.+?)',
  message: '(.+)',
};

interface Sentence {
  readonly key: MessageKey;
  readonly re: RegExp;
  readonly names: readonly string[];
}

function sentence(key: MessageKey): Sentence {
  const text: string = EN[key];
  const names: string[] = [];
  const source = text
    .split(/(\{[a-z]+\})/)
    .map((part) => {
      const m = /^\{([a-z]+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]);
      return PLACEHOLDER_PATTERNS[m[1]];
    })
    .join('');
  return { key, re: new RegExp(`^${source}$`), names };
}

/** `line N` in a reason, or a quoted piece of code (whose words are left alone). */
const LINES_OUTSIDE_CODE = /(`[^`]*`)|\bline (\d+)/g;

const REASON_KEYS = (Object.keys(EN) as MessageKey[]).filter((k) => k.startsWith('reason.') && k !== 'reason.because');
/** Whole sentences first; a reason made of two (`… because …`) is split at its first `because`. */
const SENTENCES: readonly Sentence[] = REASON_KEYS.map(sentence);
const BECAUSE = sentence('reason.because');

/** A reason in the user's language, its lines placed by `where`. */
export function reasonText(locale: Locale, reason: string, where: LinePlacer = plainLines(locale)): string {
  return translate(locale, reason, where, 0);
}

function translate(locale: Locale, reason: string, where: LinePlacer, depth: number): string {
  if (depth < 8) {
    for (const s of SENTENCES) {
      const m = s.re.exec(reason);
      if (m) return fill(locale, s, m, where, depth);
    }
    const m = BECAUSE.re.exec(reason);
    if (m) return fill(locale, BECAUSE, m, where, depth);
  }
  // Not a sentence of the catalogue: its words as they are, its lines placed (quoted code left alone).
  return reason.replace(LINES_OUTSIDE_CODE, (whole, quoted: string | undefined, line: string | undefined) => (quoted !== undefined || line === undefined ? whole : where(Number(line))));
}

function fill(locale: Locale, s: Sentence, m: RegExpExecArray, where: LinePlacer, depth: number): string {
  const values: Record<string, string> = {};
  s.names.forEach((name, i) => {
    const part = m[i + 1];
    values[name] = name === 'where' ? where(Number(part)) : name === 'why' || name === 'what' ? translate(locale, part, where, depth + 1) : part;
  });
  // The catalogue's placeholders are the sentence's own: checked by the English text it was read from.
  return msg(locale, s.key as 'reason.because', values as { what: string; why: string });
}

/**
 * The line a reason traces the unknown back to: the last line it names (a
 * reason reads from the effect to its cause), quoted code left alone;
 * undefined when it names none.
 */
export function reasonOrigin(reason: string): number | undefined {
  let line: number | undefined;
  for (const m of reason.matchAll(LINES_OUTSIDE_CODE)) if (m[2] !== undefined) line = Number(m[2]);
  return line;
}
