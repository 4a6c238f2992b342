// A self-signed X.509 v3 certificate made with node:crypto alone (Node has no certificate generator, and the
// machines serve runs on need not have openssl): an ECDSA P-256 key, the DER of RFC 5280 §4.1 written by hand.
// Clients pin its SHA-256 fingerprint; its subjectAltName lists the names given, so a client that trusts the
// file itself (curl --cacert) also checks the name.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';

/** DER: a tag, a definite length, the content (X.690 §8.1). */
function der(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content]);
}

const sequence = (...items: Buffer[]): Buffer => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => der(0x31, Buffer.concat(items));
const utf8 = (text: string): Buffer => der(0x0c, Buffer.from(text, 'utf8'));
const octets = (content: Buffer): Buffer => der(0x04, content);
const explicit = (number: number, content: Buffer): Buffer => der(0xa0 | number, content);

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) base128.unshift(0x80 | (value & 0x7f));
    bytes.push(...base128);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-12-02T05:31:15.000Z
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return date.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(digits.slice(2))) : der(0x18, Buffer.from(digits));
}

function ipBytes(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split('.').map(Number));
  // Expand `::` and write the eight 16-bit groups.
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = address.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return Buffer.concat(groups.map((group) => Buffer.from(group.padStart(4, '0'), 'hex')));
}

/**
 * What a subjectAltName can hold as written here: IP addresses, except IPv6 with a zone (`%eth0`) or a dotted
 * IPv4 tail, and DNS names in ASCII letters, digits, `-`, `_` and dots (a host name in another script is left out).
 */
function writable(name: string): boolean {
  if (isIP(name) !== 0) return !/[.%]/.test(name) || isIP(name) === 4;
  return /^[A-Za-z0-9_.-]+$/.test(name);
}

/** GeneralName: dNSName [2] or iPAddress [7], both implicit primitives. */
function altName(name: string): Buffer {
  return isIP(name) ? der(0x87, ipBytes(name)) : der(0x82, Buffer.from(name, 'ascii'));
}

const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));

export interface SelfSignedOptions {
  commonName: string;
  /** DNS names and IP addresses the certificate is for. */
  altNames: string[];
  days: number;
  now?: Date;
}

export interface CertificatePair {
  cert: string;
  key: string;
}

export function makeSelfSignedCertificate(options: SelfSignedOptions): CertificatePair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const now = options.now ?? new Date();
  // A day of slack before now: a client whose clock is a little behind still accepts it.
  const notBefore = new Date(now.getTime() - 86_400_000);
  const notAfter = new Date(now.getTime() + options.days * 86_400_000);
  const serial = randomBytes(16);
  // Positive (top bit clear) and minimal DER (a leading zero byte would be "illegal padding" to OpenSSL):
  // 0x40 set in the first byte gives both. RFC 5280 §4.1.2.2 allows up to 20 bytes.
  serial[0] = ((serial[0] as number) & 0x3f) | 0x40;
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8(options.commonName))));
  const extensions = sequence(
    // basicConstraints, critical, cA true: like `openssl req -x509`, so the file can be given as its own trust anchor.
    sequence(oid('2.5.29.19'), der(0x01, Buffer.from([0xff])), octets(sequence(der(0x01, Buffer.from([0xff]))))),
    sequence(oid('2.5.29.17'), octets(sequence(...options.altNames.filter(writable).map(altName)))),
  );
  const tbs = sequence(
    explicit(0, der(0x02, Buffer.from([2]))), // version v3
    der(0x02, serial),
    ECDSA_WITH_SHA256,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey); // DER ECDSA-Sig-Value, as X.509 wants it
  const certificate = sequence(tbs, ECDSA_WITH_SHA256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const base64 = certificate.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n');
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${base64}-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
