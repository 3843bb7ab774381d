// Original file: control/api/destination.proto


export interface WatchRequest {
  'authority'?: (string);
  'proxyId'?: (string);
  'proxyNamespace'?: (string);
}

export interface WatchRequest__Output {
  'authority': (string);
  'proxyId': (string);
  'proxyNamespace': (string);
}
