// The subcommands' options, read by `node:util`'s parseArgs: `--flag`,
// `--name value`, `--name=value`, short aliases (`-h`), and `--` to end
// options. Anything it does not know is a UsageError (printed as a one-line
// message, exit status 2).
//
//   parseArgs(['--format', 'sarif', 'src'], { format: 'value' })
//   // { options: { format: 'sarif' }, positionals: ['src'] }
import { parseArgs as parseNodeArgs } from 'node:util';

export class UsageError extends Error {}

export type OptionKind = 'flag' | 'value';

export interface ParsedArgs {
  readonly options: Record<string, string | true>;
  readonly positionals: string[];
}

/** `spec` maps long option names (without `--`) to their kind; `aliases` maps short ones (`h`) to long flags. */
export function parseArgs(
  argv: readonly string[],
  spec: Readonly<Record<string, OptionKind>>,
  aliases: Readonly<Record<string, string>> = {},
): ParsedArgs {
  const config: Record<string, { type: 'boolean' | 'string'; short?: string }> = {};
  for (const [name, kind] of Object.entries(spec)) config[name] = { type: kind === 'flag' ? 'boolean' : 'string' };
  for (const [short, long] of Object.entries(aliases)) {
    if (spec[long] === 'flag' && short.length === 1) config[long].short = short;
  }
  // Not strict: the tokens are checked here, so that every mistake gets one plain message.
  const { tokens } = parseNodeArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
  const options: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    const kind = Object.prototype.hasOwnProperty.call(spec, token.name) ? spec[token.name] : undefined;
    if (kind === undefined || (token.rawName.startsWith('-') && !token.rawName.startsWith('--') && config[token.name]?.short === undefined)) {
      throw new UsageError(`unknown option '${token.rawName}'${suggestion(token.rawName, Object.keys(spec))}`);
    }
    if (kind === 'flag') {
      if (token.value !== undefined) throw new UsageError(`option '--${token.name}' takes no value`);
      options[token.name] = true;
    } else {
      // `--format --json`: a value that looks like an option is taken for a forgotten value.
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-') && token.value !== '-')) {
        throw new UsageError(`option '--${token.name}' needs a value`);
      }
      options[token.name] = token.value;
    }
  }
  return { options, positionals };
}

/** "; did you mean '--json'?" when one known option is close to what was typed (a prefix, or 2 edits away). */
function suggestion(typed: string, known: readonly string[]): string {
  const name = typed.replace(/^--?/, '');
  if (name.length < 2) return '';
  const close = known.filter((k) => k.startsWith(name) || editDistance(name, k) <= Math.min(2, k.length - 1));
  return close.length === 1 ? `; did you mean '--${close[0]}'?` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length];
}

export function choice<T extends string>(name: string, value: string | true | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (value === true || !(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`option '--${name}' must be one of ${allowed.join(', ')} (got '${String(value)}')`);
  }
  return value as T;
}
