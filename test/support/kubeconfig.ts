// A client configuration for a test API server on plain HTTP (client-node speaks plain
// HTTP only with skip-TLS-verify set), as an object or as a kubeconfig file's text.
import { KubeConfig } from '@kubernetes/client-node';

export function kubeConfigFor(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 't', server: url, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'c', cluster: 't', user: 'u' }],
    currentContext: 'c',
  });
  return kc;
}

export function kubeconfigText(url: string, token?: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'c',
    clusters: [{ name: 't', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'u', user: token ? { token } : {} }],
    contexts: [{ name: 'c', context: { cluster: 't', user: 'u' } }],
  });
}
