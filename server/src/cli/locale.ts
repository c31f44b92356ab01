// The CLI's language, from the environment as POSIX programs read it: the
// first of LC_ALL, LC_MESSAGES and LANG that is set (zh_CN.UTF-8 and the like
// give Simplified Chinese; anything else, C and unset included, English).
import { localeOf, type Locale } from '../ide/messages';

export function cliLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  const tag = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return localeOf(tag);
}
