// The long fuzz run from the command line:
//
//   npm run fuzz -- --seconds 600 --seed 1234
//
// Prints the seed first (rerun with it to reproduce), then the report; each
// failing input is saved under the system temp folder. Exit code 1 on any failure.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatReport, runFuzz } from './harness';

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

async function main(args: readonly string[]): Promise<number> {
  const seconds = Number(flag(args, '--seconds') ?? 60);
  const seed = Number(flag(args, '--seed') ?? Math.floor(Math.random() * 2 ** 31));
  const stdlib = Number(flag(args, '--stdlib-files') ?? 200);
  if (!Number.isFinite(seconds) || seconds <= 0 || !Number.isInteger(seed)) {
    process.stderr.write('usage: npm run fuzz -- [--seconds N] [--seed S] [--stdlib-files K] [--trace]\n');
    return 2;
  }
  process.stdout.write(`fuzzing for ${seconds} s with seed ${seed}\n`);
  const dir = path.join(os.tmpdir(), `keras-shapes-fuzz-${seed}`);
  let saved = 0;
  const report = await runFuzz({
    seed,
    seconds,
    corpus: { stdlibFiles: stdlib },
    // --trace: keep the input being checked on disk, for crashes that take the process down.
    onCase: args.includes('--trace')
      ? (input) => {
          fs.mkdirSync(dir, { recursive: true });
          fs.writeFileSync(path.join(dir, 'current.py'), input.text);
          fs.writeFileSync(path.join(dir, 'current.txt'), `${input.kind} ${input.source}\n`);
        }
      : undefined,
    onFailure: (f) => {
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `failure-${++saved}.py`);
      fs.writeFileSync(file, f.text);
      process.stdout.write(`failure (${f.kind}, ${f.source}): ${f.problem.split('\n')[0]}\n  input saved to ${file}\n`);
    },
  });
  process.stdout.write(`${formatReport(report)}\n`);
  if (args.includes('--trace')) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'slowest.py'), report.slowestText);
    process.stdout.write(`slowest input saved to ${path.join(dir, 'slowest.py')}\n`);
  }
  return report.failures.length === 0 ? 0 : 1;
}

// `node --test out/test/` runs every file under test/ as a test: only run when started directly.
if (require.main === module && !process.env.NODE_TEST_CONTEXT) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
