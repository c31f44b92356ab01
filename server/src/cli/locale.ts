// The CLI's language, from the environment as POSIX programs read it: the
// first of LC_ALL, LC_MESSAGES and LANG that is set (zh_CN.UTF-8 and the like
// give Simplified Chinese; anything else, C and unset included, English), or
// from the `--lang` option, which wins.
import { localeOf, type Locale } from '../ide/messages';
import { UsageError } from './args';

export function cliLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  const tag = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return localeOf(tag);
}

/** `--lang zh-CN` / `--lang en`: the option's language, or the context's when the option is absent. */
export function langOption(value: string | true | undefined, fallback: Locale | undefined): Locale {
  if (value === undefined) return fallback ?? cliLocale();
  if (value === true || !/^(en|zh)([-_].*)?$/i.test(value)) throw new UsageError(`option '--lang' must be en or zh-CN (got '${String(value)}')`);
  return localeOf(value);
}
