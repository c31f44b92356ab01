// Child processes in tests: waiting for a server to exit after `exit`.
import type { ChildProcess } from 'node:child_process';

/** Resolves when `child` has exited, killing it after `ms` if it has not. */
export function exitOrKill(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill();
      resolve();
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
