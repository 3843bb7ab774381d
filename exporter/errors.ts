import { defineError } from '../lib/errors.ts';

export const ParseError = defineError(
  'WEFT_EXPORTER_PARSE',
  'A /proc, /sys or cgroup file did not have the format the collector expects; that collector reports success 0.',
);
export const NodeNameError = defineError(
  'WEFT_EXPORTER_NODE_NAME',
  'Kubernetes pod metadata was asked for but no node name was given (--node-name, NODE_NAME or WEFT_NODE_NAME).',
);
export const KubeListError = defineError(
  'WEFT_EXPORTER_KUBE_LIST',
  "Listing this node's pods from the Kubernetes API failed; the last good pod metadata stays in use.",
);
