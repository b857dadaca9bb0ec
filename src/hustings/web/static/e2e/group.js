// The ristretto255 group (RFC 9496) with Hustings' encodings, for ballots encrypted in the voter's
// browser. It mirrors the server's hustings.e2e.group (libsodium through rbcl) exactly:
// - a point is its 32-byte canonical ristretto255 encoding in lowercase hex (64 characters); the
//   identity is 32 zero bytes;
// - a scalar is an integer modulo L = 2^252 + 27742317777372353535851937790883648493, written as
//   32 bytes little-endian in lowercase hex;
// - challenge(domain, items) is SHA-512 of the UTF-8 canonical JSON text of
//   ["hustings-e2e/1", domain, ...items], read little-endian and reduced modulo L;
// - hashToPoint(domain, items) is RFC 9496's element derivation (libsodium's
//   crypto_core_ristretto255_from_hash) of that same 64-byte digest;
// - sha256Hex(domain, items) is SHA-256 of that same JSON text in lowercase hex (ballot digests).
// In this module scalars are BigInts and points are noble's RistrettoPoint objects; only the
// *Hex functions meet text. The group arithmetic is @noble/curves (vendor/, see VENDOR.md).
import {
  ORDER,
  RistrettoPoint,
  bytesToHex,
  bytesToNumberLE,
  fromHash,
  hexToBytes,
  numberToBytesLE,
  randomBytes,
  sha256,
  sha512,
} from "./vendor/noble-ristretto255.js";

export const L = ORDER;
export const IDENTITY_HEX = "00".repeat(32);
export const CONTEXT = "hustings-e2e/1";

const HEX64 = /^[0-9a-f]{64}$/;

/** k reduced into 0 <= k < L (k a BigInt or a non-negative safe integer). */
export function scalar(k) {
  return ((BigInt(k) % L) + L) % L;
}

/** k times the point P; k = 0 (mod L) or the identity P gives the identity. Constant time in k. */
export function mul(k, P) {
  const n = scalar(k);
  return n === 0n ? RistrettoPoint.ZERO : P.multiply(n);
}

/** k times the point P in variable time: only for public k and P (checking proofs), where it is
 * about a third faster than mul(). */
export function mulPublic(k, P) {
  return P.multiplyUnsafe(scalar(k));
}

/** P itself, with a table of its multiples (noble's window-5 precomputation, about 850 points)
 * attached, so that mul(k, P) costs several times less; building the table costs about 15
 * multiplications. For a point multiplied many times, as the election's public key is. */
export function withTable(P) {
  return P.precompute(5, false);
}

/** k times the group's standard base point (RFC 9496 section 4.4). */
export function base(k) {
  return mul(k, RistrettoPoint.BASE);
}

export function add(P, Q) {
  return P.add(Q);
}

export function sub(P, Q) {
  return P.subtract(Q);
}

export function neg(P) {
  return P.negate();
}

export function equals(P, Q) {
  return P.equals(Q);
}

export function pointHex(P) {
  return P.toHex();
}

/** The point a 64-character lowercase hex text encodes; throws on anything else, including
 * 32 bytes that are not a canonical ristretto255 encoding (RFC 9496 section 4.3.1). */
export function pointFromHex(text) {
  if (typeof text !== "string" || !HEX64.test(text)) {
    throw new Error("a point is 64 lowercase hexadecimal characters");
  }
  return RistrettoPoint.fromHex(text);
}

export function scalarHex(k) {
  return bytesToHex(numberToBytesLE(scalar(k), 32));
}

/** The scalar a 64-character lowercase hex text encodes little-endian; throws unless it is
 * canonical (below L), so that every scalar has exactly one text. */
export function scalarFromHex(text) {
  if (typeof text !== "string" || !HEX64.test(text)) {
    throw new Error("a scalar is 64 lowercase hexadecimal characters");
  }
  const n = bytesToNumberLE(hexToBytes(text));
  if (n >= L) throw new Error("a scalar must be below the group order");
  return n;
}

/** A uniformly random scalar: 64 bytes from crypto.getRandomValues reduced modulo L (the bias
 * is below 2^-250). May be zero only with probability 1/L. */
export function randomScalar() {
  return bytesToNumberLE(randomBytes(64)) % L;
}

/** The canonical JSON text hashed by challenge() and hashToPoint(): items are strings or
 * non-negative integers (Numbers that are safe integers, or BigInts, written in decimal). */
export function canonicalJson(domain, items) {
  if (typeof domain !== "string") throw new Error("the domain is a string");
  const parts = [CONTEXT, domain, ...items].map((item) => {
    if (typeof item === "string") return JSON.stringify(item);
    if (typeof item === "bigint" && item >= 0n) return item.toString();
    if (Number.isSafeInteger(item) && item >= 0) return String(item);
    throw new Error("a hashed item is a string or a non-negative integer");
  });
  return `[${parts.join(",")}]`;
}

export function digest(domain, items) {
  return sha512(new TextEncoder().encode(canonicalJson(domain, items)));
}

/** The Fiat–Shamir challenge for `items` under `domain`: a scalar. */
export function challenge(domain, items) {
  return bytesToNumberLE(digest(domain, items)) % L;
}

/** A point with no known discrete logarithm, derived from `items` under `domain`. */
export function hashToPoint(domain, items) {
  return fromHash(digest(domain, items));
}

/** SHA-256 of the canonical JSON text of `items` under `domain`, in lowercase hex: the ballot
 * digest (docs/e2e.md, "Ballots"). */
export function sha256Hex(domain, items) {
  return bytesToHex(sha256(new TextEncoder().encode(canonicalJson(domain, items))));
}
