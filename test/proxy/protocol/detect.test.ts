import t from 'tap';
import { classify } from '../../../proxy/protocol/detect.ts';

t.test('the first bytes decide the protocol', async (t) => {
  t.equal(classify(Buffer.from('GET / HTTP/1.1\r\n')), 'http1');
  t.equal(classify(Buffer.from('CONNECT db:5432 HTTP/1.1\r\n')), 'http1');
  t.equal(classify(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')), 'http2');
  t.equal(classify(Buffer.from('PRI * HTTP/2')), undefined, 'a partial preface waits for more');
  t.equal(classify(Buffer.from('GE')), undefined, 'a partial method waits for more');
  t.equal(classify(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00])), 'opaque', 'a TLS ClientHello is opaque');
  t.equal(classify(Buffer.from('\u0000\u0000\u0000\u0001 binary')), 'opaque');
  t.equal(classify(Buffer.from('get / HTTP/1.1')), 'opaque', 'methods are case-sensitive');
});
