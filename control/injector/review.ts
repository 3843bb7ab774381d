// AdmissionReview (admission.k8s.io/v1) in, AdmissionReview out. Pure: the webhook does
// the I/O. Whatever arrives, the answer allows the pod: the injector must never be the
// reason a pod cannot be created (the webhook is registered with failurePolicy Ignore,
// and a malformed review gets allowed with a warning too).
import type { InjectorConfig } from './config.ts';
import { injectPod, type PodTemplate, type SkipReason } from './inject.ts';

export type MalformedReason = 'bad-json' | 'not-admission-review' | 'no-request' | 'not-a-pod' | 'invalid-pod' | 'too-large';

export type ReviewOutcome =
  | { result: 'injected' }
  | { result: 'skipped'; reason: SkipReason }
  | { result: 'malformed'; reason: MalformedReason };

export interface AdmissionResponse {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  response: { uid: string; allowed: true; patchType?: 'JSONPatch'; patch?: string; warnings?: string[] };
}

/** What the webhook needs from a review before it can look up the namespace. */
export type ParsedReview =
  | { ok: true; uid: string; namespace: string; pod: PodTemplate }
  | { ok: false; uid: string; reason: MalformedReason; message: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseReview(body: string): ParsedReview {
  let review: unknown;
  try {
    review = JSON.parse(body);
  } catch (err) {
    return { ok: false, uid: '', reason: 'bad-json', message: `request body is not JSON: ${(err as Error).message}` };
  }
  if (!isObject(review) || review.apiVersion !== 'admission.k8s.io/v1' || review.kind !== 'AdmissionReview') {
    return { ok: false, uid: '', reason: 'not-admission-review', message: 'request body is not an admission.k8s.io/v1 AdmissionReview' };
  }
  const request = review.request;
  if (!isObject(request) || typeof request.uid !== 'string' || request.uid === '') {
    return { ok: false, uid: '', reason: 'no-request', message: 'AdmissionReview has no request with a uid' };
  }
  const uid = request.uid;
  const object = request.object;
  const kind = isObject(request.kind) ? request.kind.kind : undefined;
  if (kind !== 'Pod' || !isObject(object) || !isObject(object.spec) || !Array.isArray(object.spec.containers)) {
    return { ok: false, uid, reason: 'not-a-pod', message: 'AdmissionReview request.object is not a Pod with spec.containers' };
  }
  const meta = isObject(object.metadata) ? object.metadata : {};
  const namespace = typeof request.namespace === 'string' && request.namespace ? request.namespace : typeof meta.namespace === 'string' ? meta.namespace : 'default';
  return { ok: true, uid, namespace, pod: object as PodTemplate };
}

export function respond(uid: string, patch?: unknown[], warnings: string[] = []): AdmissionResponse {
  const response: AdmissionResponse['response'] = { uid, allowed: true };
  if (patch && patch.length > 0) {
    response.patchType = 'JSONPatch';
    response.patch = Buffer.from(JSON.stringify(patch)).toString('base64');
  }
  if (warnings.length > 0) response.warnings = warnings.map((w) => `weft injector: ${w}`);
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}

/** The full answer to a parsed, well-formed review. */
export function review(
  parsed: Extract<ParsedReview, { ok: true }>,
  namespaceAnnotations: Record<string, string> | undefined,
  config: InjectorConfig,
  extraWarnings: string[] = [],
): { answer: AdmissionResponse; outcome: ReviewOutcome } {
  let result: ReturnType<typeof injectPod>;
  try {
    result = injectPod({ pod: parsed.pod, namespace: parsed.namespace, namespaceAnnotations, config });
  } catch (err) {
    // A pod whose fields have the wrong shapes: the API server will reject it with a
    // better message than ours; we only stay out of the way.
    const warnings = [...extraWarnings, `pod fields have unexpected types (${(err as Error).message}); pod not injected`];
    return { answer: respond(parsed.uid, undefined, warnings), outcome: { result: 'malformed', reason: 'invalid-pod' } };
  }
  const warnings = [...extraWarnings, ...result.warnings];
  if (!result.injected) return { answer: respond(parsed.uid, undefined, warnings), outcome: { result: 'skipped', reason: result.reason } };
  return { answer: respond(parsed.uid, result.patch, warnings), outcome: { result: 'injected' } };
}
