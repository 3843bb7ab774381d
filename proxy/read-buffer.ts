/**
 * The one buffer every upstream socket reads into (net's `onread`: the endpoint side skips
 * the stream machinery). Each read is consumed — parsed, and the bytes kept copied out —
 * before its callback returns, so no read can overwrite another's bytes.
 */
export const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
