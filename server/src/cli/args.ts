// A small option parser for the subcommands: `--flag`, `--name value`,
// `--name=value`, `-h`, and `--` to end options. Anything it does not know
// is a UsageError (printed as a one-line message, exit status 2).
//
//   parseArgs(['--format', 'sarif', 'src'], { format: 'value' })
//   // { options: { format: 'sarif' }, positionals: ['src'] }

export class UsageError extends Error {}

export type OptionKind = 'flag' | 'value';

export interface ParsedArgs {
  readonly options: Record<string, string | true>;
  readonly positionals: string[];
}

/** `spec` maps long option names (without `--`) to their kind; `aliases` maps short ones (`h`) to long ones. */
export function parseArgs(
  argv: readonly string[],
  spec: Readonly<Record<string, OptionKind>>,
  aliases: Readonly<Record<string, string>> = {},
): ParsedArgs {
  const options: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      const kind = spec[name];
      if (kind === undefined) throw new UsageError(`unknown option '--${name}'`);
      if (kind === 'flag') {
        if (eq !== -1) throw new UsageError(`option '--${name}' takes no value`);
        options[name] = true;
      } else if (eq !== -1) {
        options[name] = arg.slice(eq + 1);
      } else {
        const value = argv[i + 1];
        if (value === undefined || (value.startsWith('-') && value !== '-')) {
          throw new UsageError(`option '--${name}' needs a value`);
        }
        options[name] = value;
        i++;
      }
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') {
      const long = aliases[arg.slice(1)];
      if (long === undefined || spec[long] !== 'flag') throw new UsageError(`unknown option '${arg}'`);
      options[long] = true;
      continue;
    }
    positionals.push(arg);
  }
  return { options, positionals };
}

export function choice<T extends string>(name: string, value: string | true | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (value === true || !(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`option '--${name}' must be one of ${allowed.join(', ')} (got '${String(value)}')`);
  }
  return value as T;
}
