// Port lists and CIDR lists as users write them in flags and annotations:
// "25,3306,8000-8100" and "10.0.0.0/8,fd00::/8". Shared by init-iptables and the injector.
import net from 'node:net';
import { defineError } from './errors.ts';

export const InvalidPortListError = defineError('WEFT_INVALID_PORT_LIST', 'A port list is not comma-separated ports or ranges (e.g. 25,8000-8100).');
export const InvalidCidrError = defineError('WEFT_INVALID_CIDR', 'A CIDR list holds something that is not an IPv4 or IPv6 address/prefix.');

function items(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function port(text: string, list: string): number {
  const n = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 65535)) throw new InvalidPortListError(`invalid port "${text}" in "${list}": expected 1-65535`, { value: list });
  return n;
}

/** "25, 8000-8100" → ["25", "8000:8100"] (iptables' range syntax), validated. */
export function parsePortList(text: string): string[] {
  return items(text).map((item) => {
    const [from, to, ...rest] = item.split('-');
    if (rest.length > 0 || from === undefined) throw new InvalidPortListError(`invalid port range "${item}" in "${text}"`, { value: text });
    if (to === undefined) return String(port(from, text));
    const [a, b] = [port(from, text), port(to, text)];
    if (a > b) throw new InvalidPortListError(`invalid port range "${item}" in "${text}": start after end`, { value: text });
    return `${a}:${b}`;
  });
}

export interface Cidr {
  cidr: string;
  family: 4 | 6;
}

export function parseCidrList(text: string): Cidr[] {
  return items(text).map((item) => {
    const [address = '', prefix, ...rest] = item.split('/');
    const family = net.isIP(address);
    const max = family === 6 ? 128 : 32;
    const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (family === 0 || rest.length > 0 || !(bits >= 0 && bits <= max)) {
      throw new InvalidCidrError(`invalid CIDR "${item}" in "${text}": expected address/prefix`, { value: text });
    }
    return { cidr: `${address}/${bits}`, family: family as 4 | 6 };
  });
}
