import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { Roots } from '../../exporter/paths.ts';

export const NODE_EXPORTER = 'prometheus-node-exporter';

/** The node collectors weft and Debian's node_exporter 1.5 both have, compared value for value. */
export const COMPARED_COLLECTORS = ['cpu', 'diskstats', 'loadavg', 'meminfo', 'netdev', 'pressure', 'stat', 'vmstat'];

/** A port free right now on loopback (node_exporter cannot listen on port 0). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export interface NodeExporter {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Debian's node_exporter on loopback, reading the given roots, with only `collectors` enabled. */
export async function startNodeExporter(roots: Roots, collectors = COMPARED_COLLECTORS): Promise<NodeExporter> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(
      NODE_EXPORTER,
      [
        `--web.listen-address=127.0.0.1:${port}`,
        `--path.procfs=${roots.procfs}`,
        `--path.sysfs=${roots.sysfs}`,
        `--path.rootfs=${roots.rootfs}`,
        `--path.udev.data=${roots.rootfs}/run/udev/data`,
        '--collector.disable-defaults',
        ...collectors.map((c) => `--collector.${c}`),
        // 1.5 reads interfaces over netlink by default, which ignores --path.procfs.
        '--no-collector.netdev.netlink',
        '--log.level=error',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const url = `http://127.0.0.1:${port}/metrics`;
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
    };
    for (let i = 0; i < 100 && child.exitCode === null; i++) {
      try {
        if ((await fetch(url)).ok) return { child, url, stop };
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    await stop(); // the port was taken in between, or it did not start: try another
  }
  throw new Error('node_exporter did not start');
}
