// `weft control --injector-addr` serves the webhook beside the Destination API, with the
// injector's metrics on control's admin address.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { spawnWeft } from '../../support/spawn.ts';
import { waitFor } from '../../support/wait.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-control-webhook-'));
t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
const cert = path.join(dir, 'tls.crt');
const key = path.join(dir, 'tls.key');
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=weft-injector', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });

const review = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/inject/reviews/pod.json'), 'utf8'));
review.request.object.metadata.annotations = { 'weft.dev/inject': 'enabled' };

t.test('the webhook answers and its metrics show on the admin address', async (t) => {
  const p = spawnWeft(t, ['control', '--manifests', 'examples/', '--grpc-addr', '127.0.0.1:0', '--admin-addr', '127.0.0.1:0', '--injector-addr', '127.0.0.1:0', '--injector-cert', cert, '--injector-key', key], {
    WEFT_PROXY_IMAGE: 'registry.example/weft:test',
  });
  const listening = (await waitFor(() => p.logs().find((l) => l.msg === 'injector webhook listening'), 'the webhook', 20_000)) as { injector: { port: number } };
  const serving = (await waitFor(() => p.logs().find((l) => l.msg === 'control plane serving'), 'control', 20_000)) as { admin: { port: number } };

  const body = await new Promise<string>((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port: listening.injector.port, path: '/inject', method: 'POST', ca: fs.readFileSync(cert), agent: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(JSON.stringify(review));
  });
  const answer = JSON.parse(body) as { response: { allowed: boolean; patch: string } };
  t.equal(answer.response.allowed, true);
  t.match(Buffer.from(answer.response.patch, 'base64').toString(), /registry\.example\/weft:test/, 'the sidecar flags (here from the environment) reach the webhook');

  const metrics = await (await fetch(`http://127.0.0.1:${serving.admin.port}/metrics`)).text();
  t.match(metrics, /weft_control_injector_reviews_total\{result="injected",reason=""\} 1/);

  p.child.kill('SIGTERM');
  t.equal((await p.exited).code, 0);
});

t.test('a missing certificate stops control with a clear error', async (t) => {
  const p = spawnWeft(t, ['control', '--manifests', 'examples/', '--grpc-addr', '127.0.0.1:0', '--admin-addr', '127.0.0.1:0', '--injector-addr', '127.0.0.1:0', '--injector-cert', path.join(dir, 'none.crt'), '--injector-key', key]);
  t.equal((await p.exited).code, 2);
  t.match(p.stderr(), /cannot read injector certificate.*none\.crt.*\[WEFT_INJECTOR_TLS\]/);
});
