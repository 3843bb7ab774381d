// The demo's child processes: each logs to its own file in the state folder, is watched
// for an unexpected exit, and is stopped with SIGTERM (SIGKILL after a grace period).
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The children run the same entry point as the demo: bin/weft.js from the sources, or
// dist/cli/entry.js in the compiled build.
const WEFT_ENTRY = process.argv[1] ?? fileURLToPath(new URL('../bin/weft.js', import.meta.url));

export interface Child {
  name: string;
  proc: ChildProcess;
  logFile: string;
  /** Set once it exited: its code or signal. */
  exit?: string;
  /** Stopped on purpose (`weft demo kill`, shutdown): not a failure. */
  stopping: boolean;
  exited: Promise<void>;
}

export class Supervisor {
  readonly children: Child[] = [];
  private readonly logDir: string;
  private readonly onExit: (c: Child) => void;

  constructor(logDir: string, onExit: (c: Child) => void) {
    this.logDir = logDir;
    this.onExit = onExit;
  }

  /** `weft <args>` under this Node.js. */
  weft(name: string, args: string[]): Child {
    return this.spawn(name, process.execPath, [WEFT_ENTRY, ...args]);
  }

  spawn(name: string, command: string, args: string[]): Child {
    const logFile = path.join(this.logDir, `${name}.log`);
    const fd = openSync(logFile, 'a');
    // Our own process group: a Ctrl-C in the terminal reaches the demo only, which then
    // stops the children in order.
    const proc = spawn(command, args, { stdio: ['ignore', fd, fd], detached: true, env: { ...process.env, KUBERNETES_SERVICE_HOST: '' } });
    closeSync(fd);
    const child: Child = { name, proc, logFile, stopping: false, exited: Promise.resolve() };
    child.exited = new Promise<void>((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null) => {
        child.exit = signal ?? `exit ${code}`;
        resolve();
        this.onExit(child);
      };
      proc.once('exit', done);
      proc.once('error', (err) => {
        child.exit = err.message;
        resolve();
        this.onExit(child);
      });
    });
    this.children.push(child);
    return child;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
  async stop(child: Child, graceMs: number): Promise<void> {
    child.stopping = true;
    if (child.exit === undefined) {
      child.proc.kill('SIGTERM');
      const timer = setTimeout(() => child.proc.kill('SIGKILL'), graceMs);
      await child.exited;
      clearTimeout(timer);
    }
  }

  /** Stops every child at once (each gets SIGTERM and its own grace period). */
  async stopAll(graceMs: number): Promise<void> {
    await Promise.all(this.children.map((c) => this.stop(c, graceMs)));
  }

  static tail(child: Child, lines = 5): string {
    try {
      return readFileSync(child.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}
