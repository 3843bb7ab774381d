// Original file: control/api/destination.proto


export interface Endpoint {
  'address'?: (string);
  'port'?: (number);
  'ready'?: (boolean);
  'serving'?: (boolean);
  'terminating'?: (boolean);
  'zone'?: (string);
  'node'?: (string);
  'pod'?: (string);
  'workload'?: (string);
  'meshed'?: (boolean);
  'inboundPort'?: (number);
  'weight'?: (number);
}

export interface Endpoint__Output {
  'address': (string);
  'port': (number);
  'ready': (boolean);
  'serving': (boolean);
  'terminating': (boolean);
  'zone': (string);
  'node': (string);
  'pod': (string);
  'workload': (string);
  'meshed': (boolean);
  'inboundPort': (number);
  'weight': (number);
}
