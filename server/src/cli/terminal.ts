// Colours for terminal output: only when the stream is a terminal and the
// NO_COLOR environment variable is unset or empty (https://no-color.org).
export interface Style {
  readonly bold: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly blue: (s: string) => string;
  readonly green: (s: string) => string;
}

const plain = (s: string) => s;

export const PLAIN: Style = { bold: plain, red: plain, yellow: plain, cyan: plain, blue: plain, green: plain };

function sgr(open: string): (s: string) => string {
  return (s) => (s === '' ? s : `\x1b[${open}m${s}\x1b[0m`);
}

export const COLOURED: Style = {
  bold: sgr('1'),
  red: sgr('1;31'),
  yellow: sgr('1;33'),
  cyan: sgr('36'),
  blue: sgr('1;34'),
  green: sgr('32'),
};

export function wantsColour(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

export function styleFor(stream: NodeJS.WriteStream): Style {
  return wantsColour(stream) ? COLOURED : PLAIN;
}
