// Original file: control/api/destination.proto

export const Protocol = {
  PROTOCOL_UNSPECIFIED: 'PROTOCOL_UNSPECIFIED',
  PROTOCOL_HTTP1: 'PROTOCOL_HTTP1',
  PROTOCOL_HTTP2: 'PROTOCOL_HTTP2',
  PROTOCOL_OPAQUE: 'PROTOCOL_OPAQUE',
} as const;

export type Protocol =
  | 'PROTOCOL_UNSPECIFIED'
  | 0
  | 'PROTOCOL_HTTP1'
  | 1
  | 'PROTOCOL_HTTP2'
  | 2
  | 'PROTOCOL_OPAQUE'
  | 3

export type Protocol__Output = typeof Protocol[keyof typeof Protocol]
