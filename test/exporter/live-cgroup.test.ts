import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { collectorsNamed, fixtureScraper } from '../support/exporter-fixtures.ts';
import { findSeries } from '../support/prom-text.ts';
import { makePaths, DEFAULT_ROOTS } from '../../exporter/paths.ts';
import { detectLayout } from '../../exporter/container/hierarchy.ts';

// Live on this machine (cgroup v1, as root): a child cgroup with a process burning CPU
// and holding memory is reported with rising counters, under cAdvisor's raw-cgroup labels.

const layout = detectLayout(makePaths());
const dirs = layout.version === 1 ? [layout.dirs.cpu, layout.dirs.cpuacct, layout.dirs.memory, layout.dirs.pids] : [];
const writable = dirs.every((d) => d !== undefined) && process.getuid?.() === 0;

t.test('a busy process in a new cgroup shows rising CPU and its memory', { skip: writable ? false : 'needs root and cgroup v1 cpu, cpuacct, memory and pids hierarchies' }, async (t) => {
  const id = `/weft-test-${process.pid}-${Date.now().toString(36)}`;
  const made: string[] = [];
  for (const d of new Set(dirs as string[])) {
    fs.mkdirSync(path.join(d, id));
    made.push(path.join(d, id));
  }
  // Allocation waits for a line on stdin, so its memory is charged to the new cgroup.
  const child = spawn(process.execPath, ['-e', "process.stdin.once('data', () => { globalThis.b = Buffer.alloc(64 << 20, 1); let x = 0; for (;;) x++; })"], { stdio: ['pipe', 'ignore', 'ignore'] });
  const exited = new Promise((r) => child.once('exit', r));
  t.teardown(async () => {
    child.kill('SIGKILL');
    await exited;
    for (const dir of made.reverse()) {
      for (let i = 0; i < 50; i++) {
        try {
          fs.rmdirSync(dir);
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100)); // the kernel empties it just after exit
        }
      }
    }
  });
  for (const dir of made) fs.writeFileSync(path.join(dir, 'cgroup.procs'), String(child.pid));
  child.stdin?.write('go\n');

  const scraper = fixtureScraper({ roots: DEFAULT_ROOTS, collectors: collectorsNamed('container') });
  const read = async () => {
    const text = await scraper.scrape();
    const v = (name: string) => findSeries(text, name, { id })[0];
    return { cpu: v('container_cpu_usage_seconds_total'), mem: v('container_memory_usage_bytes')?.value ?? 0, procs: v('container_processes')?.value, text };
  };
  const first = await read();
  t.same(first.cpu?.labels, { container: '', id, image: '', name: '', namespace: '', pod: '', cpu: 'total' }, 'raw cgroup labels: id is the path');
  let later = first;
  for (let i = 0; i < 100 && !((later.cpu?.value ?? 0) > (first.cpu?.value ?? 0) + 0.2 && later.mem >= 64 << 20); i++) {
    await new Promise((r) => setTimeout(r, 100));
    later = await read();
  }
  t.ok((later.cpu?.value ?? 0) > (first.cpu?.value ?? 0), `cpu usage rose: ${first.cpu?.value} → ${later.cpu?.value}`);
  t.ok(later.mem >= 64 << 20, `memory usage holds the 64 MiB buffer: ${later.mem}`);
  t.equal(later.procs, 1, 'one process in the cgroup');
  t.ok((findSeries(later.text, 'container_threads', { id })[0]?.value ?? 0) >= 1, 'threads from pids.current');
  t.ok((findSeries(later.text, 'container_cpu_user_seconds_total', { id })[0]?.value ?? -1) >= 0, 'user CPU seconds from cpuacct.stat');
});
