// What Hustings takes from @noble/curves and @noble/hashes for ballots encrypted in the voter's
// browser: the ristretto255 group (RFC 9496), SHA-512 (challenges), SHA-256 (ballot digests) and
// the browser's random bytes. esbuild bundles this file into
// src/hustings/web/static/e2e/vendor/noble-ristretto255.js (tools/vendor_noble.sh); Hustings' own
// conventions are in src/hustings/web/static/e2e/group.js.
import { ristretto255, ristretto255_hasher } from "@noble/curves/ed25519.js";
import { bytesToHex, bytesToNumberLE, hexToBytes, numberToBytesLE } from "@noble/curves/utils.js";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { randomBytes } from "@noble/hashes/utils.js";

/** The ristretto255 group element: BASE, ZERO, fromBytes/fromHex (canonical decoding, rejects
 * invalid encodings), toBytes/toHex, add, subtract, negate, multiply (1 <= k < L, constant time),
 * multiplyUnsafe (0 <= k < L), equals, is0. */
export const RistrettoPoint = ristretto255.Point;

/** L = 2^252 + 27742317777372353535851937790883648493, the order of the group. */
export const ORDER = ristretto255.Point.Fn.ORDER;

/** RFC 9496 section 4.3.4 element derivation (libsodium's crypto_core_ristretto255_from_hash):
 * 64 uniform bytes to a group element, with no known discrete logarithm. */
export const fromHash = (bytes) => ristretto255_hasher.deriveToCurve(bytes);

export { bytesToHex, bytesToNumberLE, hexToBytes, numberToBytesLE, randomBytes, sha256, sha512 };
