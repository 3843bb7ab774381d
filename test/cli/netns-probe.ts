// Runs inside a test network namespace (ip netns exec). `serve LABEL PORT…` answers every
// connection with "LABEL:<the port it was accepted on>"; `connect HOST PORT [UID]` prints
// the answer it gets, after dropping to UID when given.
import net from 'node:net';

const [mode, ...args] = process.argv.slice(2);

if (mode === 'serve') {
  const [label, ...ports] = args;
  let listening = 0;
  for (const port of ports) {
    net
      .createServer((socket) => socket.end(`${label}:${socket.localPort}`))
      // '::' takes IPv4 connections too (dual-stack).
      .listen(Number(port), '::', () => {
        if (++listening === ports.length) process.stdout.write('listening\n');
      });
  }
} else if (mode === 'connect') {
  const [host = '', port = '', uid] = args;
  if (uid) {
    process.setgid?.(Number(uid));
    process.setuid?.(Number(uid));
  }
  const socket = net.connect({ host, port: Number(port), timeout: 5_000 });
  let answer = '';
  socket.on('data', (d) => (answer += d.toString()));
  socket.on('end', () => process.stdout.write(answer));
  socket.on('timeout', () => {
    process.stdout.write('timeout');
    socket.destroy();
  });
  socket.on('error', (err) => process.stdout.write(`error:${(err as NodeJS.ErrnoException).code}`));
} else {
  process.stderr.write('usage: netns-probe serve LABEL PORT… | connect HOST PORT [UID]\n');
  process.exitCode = 2;
}
