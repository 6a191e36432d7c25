import { spawn, type ChildProcess } from 'node:child_process';

/**
 * `--busy`: one core kept busy for the second pass. A child Node process spins a tight loop at
 * normal priority, as a build or a video call would; the bench stops it by its own PID.
 */
export interface LoadGenerator {
  readonly pid: number;
  stop(): Promise<void>;
}

export function startLoadGenerator(): LoadGenerator {
  const child: ChildProcess = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  if (child.pid === undefined) throw new Error('the load generator did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A crashed bench must not leave a spinning process behind.
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  return {
    pid: child.pid,
    async stop() {
      process.removeListener('exit', onExit);
      child.kill('SIGKILL');
      await exited;
    },
  };
}
