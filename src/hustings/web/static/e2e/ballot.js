// Encrypted ballots in the voter's browser: what the device casts, how it audits a ballot (Benaloh's
// challenge), and how any browser checks a ballot or a published audit. It produces and reads
// exactly the JSON of the server's hustings.e2e.ballots (docs/e2e.md, "Ballots"; this module's API
// is in docs/e2e.md, "In the browser"):
// - marks ballots: one exponential ElGamal ciphertext per candidate encrypting 0 or 1, each with a
//   disjunctive proof that it does, and one over their product that the number of marks lies in
//   min_marks..max_marks (Cramer, Damgård and Schoenmakers, CRYPTO '94, for ElGamal as in Cramer,
//   Gennaro and Schoenmakers, EUROCRYPT '97; Adida, "Helios", USENIX Security 2008, section 2);
// - ranked ballots: one ciphertext per rank encrypting the candidate's number (0 past the voter's
//   last preference), with one Schnorr proof of knowledge of every ciphertext's randomness under a
//   single challenge (Schnorr and Jakobsson, ASIACRYPT 2000), which makes the ballot non-malleable.
// Every proof hashes the ballot digest, so none can move to another ballot or election (Cortier and
// Smyth, CSF 2011). An audit reveals the randomness, which spoils the ballot: it must never be cast
// (Benaloh, "Simple verifiable elections", EVT 2006).
//
// `spec` is the BallotSpec JSON object {election, kind, options, width, min_marks, max_marks};
// public keys, ballots and audits are their JSON forms (hex text); randomness is a list of BigInts,
// to be kept in memory only. Bad input to encrypt*/auditBallot throws an Error; verifyBallot and
// checkAudit answer false / null for anything malformed or false.
import * as g from "./group.js";

export const MARK_DOMAIN = "ballot-mark";
export const TOTAL_DOMAIN = "ballot-total";
export const RANKS_DOMAIN = "ballot-ranks";
export const DIGEST_DOMAIN = "ballot";

const SPEC_KEYS = ["election", "kind", "options", "width", "min_marks", "max_marks"];

// --- parsing: the checks of BallotSpec, EncryptedBallot.from_json and the proofs' from_json ------

function fail(message) {
  throw new Error(message);
}

function sameKeys(data, keys) {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return false;
  const have = Object.keys(data).sort();
  const want = [...keys].sort();
  return have.length === want.length && have.every((key, i) => key === want[i]);
}

/** The spec, checked as BallotSpec checks it; throws unless valid. */
export function checkSpec(spec) {
  if (!sameKeys(spec, SPEC_KEYS)) fail("a ballot spec has exactly the fields " + SPEC_KEYS.join(", "));
  const { election, kind, options, width, min_marks: low, max_marks: high } = spec;
  if (typeof election !== "string" || election === "") fail("the election id must be a non-empty string");
  if (kind !== "marks" && kind !== "ranked") fail("ballot kind must be 'marks' or 'ranked'");
  if (![options, width, low, high].every(Number.isSafeInteger)) fail("spec numbers must be whole numbers");
  if (options < 1) fail("a ballot needs at least 1 option");
  if (width < 1 || width > options) fail("width must be between 1 and the number of options");
  if (kind === "marks" && width !== options) fail("a marks ballot has one ciphertext per option");
  if (!(0 <= low && low <= high && high <= options)) fail("marks must satisfy 0 <= min_marks <= max_marks <= options");
  return spec;
}

function parseCiphertext(data) {
  if (!Array.isArray(data) || data.length !== 2) fail("a ciphertext is a list of two points");
  // pointFromHex accepts only the canonical encoding, so the text is the point's own hex.
  return { a: g.pointFromHex(data[0]), b: g.pointFromHex(data[1]), items: [data[0], data[1]] };
}

function parseOneOf(data) {
  if (!sameKeys(data, ["c", "s"]) || !Array.isArray(data.c) || !Array.isArray(data.s)) fail("not a proof");
  if (data.c.length !== data.s.length) fail("not a proof");
  return { c: data.c.map(g.scalarFromHex), s: data.s.map(g.scalarFromHex) };
}

function parseProof(spec, data) {
  if (spec.kind === "marks") {
    if (!sameKeys(data, ["marks", "total"]) || !Array.isArray(data.marks)) fail("not a marks proof");
    const proof = { marks: data.marks.map(parseOneOf), total: parseOneOf(data.total) };
    if (proof.marks.length !== spec.width || proof.marks.some((p) => p.c.length !== 2)) {
      fail("a marks ballot has one two-branch proof per ciphertext");
    }
    if (proof.total.c.length !== spec.max_marks - spec.min_marks + 1) {
      fail("the total proof needs one branch per allowed number of marks");
    }
    return proof;
  }
  if (!sameKeys(data, ["c", "s"]) || !Array.isArray(data.s)) fail("not a ranked proof");
  const proof = { c: g.scalarFromHex(data.c), s: data.s.map(g.scalarFromHex) };
  if (proof.s.length !== spec.width) fail("a ranked ballot's proof has one response per ciphertext");
  return proof;
}

/** The ballot JSON parsed to points and scalars; throws unless it has the spec's shape. */
export function parseBallot(spec, data) {
  if (!sameKeys(data, ["ciphertexts", "proof"])) fail("not a ballot");
  if (!Array.isArray(data.ciphertexts) || data.ciphertexts.length !== spec.width) {
    fail(`a ballot has ${spec.width} ciphertexts`);
  }
  return { cts: data.ciphertexts.map(parseCiphertext), proof: parseProof(spec, data.proof) };
}

// --- JSON forms ---------------------------------------------------------------------------------

const ctJson = (ct) => [...ctItems(ct)];
const oneOfJson = (p) => ({ c: p.c.map(g.scalarHex), s: p.s.map(g.scalarHex) });

function ballotJson(spec, cts, proof) {
  const json =
    spec.kind === "marks"
      ? { marks: proof.marks.map(oneOfJson), total: oneOfJson(proof.total) }
      : { c: g.scalarHex(proof.c), s: proof.s.map(g.scalarHex) };
  return { ciphertexts: cts.map(ctJson), proof: json };
}

// --- ElGamal and the hashes ---------------------------------------------------------------------

/** A non-zero random scalar (a zero randomness would leave a plaintext in the clear). */
function randomNonZero() {
  for (;;) {
    const k = g.randomScalar();
    if (k !== 0n) return k;
  }
}

/** Exponential ElGamal: (g^r, h^r·g^m). */
function encrypt(h, m, r) {
  return { a: g.base(r), b: g.add(g.mul(r, h), g.base(BigInt(m))) };
}

function product(cts) {
  let a = g.base(0n);
  let b = a;
  for (const ct of cts) {
    a = g.add(a, ct.a);
    b = g.add(b, ct.b);
  }
  return { a, b };
}

/** Its points in hex, as hash inputs take them; encoded once per ciphertext (an encoding costs
 * an inverse square root), since the digest and the proofs hash them again. */
function ctItems(ct) {
  ct.items ??= [g.pointHex(ct.a), g.pointHex(ct.b)];
  return ct.items;
}

function digestOf(election, cts) {
  return g.sha256Hex(DIGEST_DOMAIN, [election, ...cts.flatMap(ctItems)]);
}

const keys = new Map();

/** The election's public key, decoded once and kept with its table of multiples (group.withTable),
 * since every ballot multiplies it several times per ciphertext. */
function publicKey(hex) {
  let h = keys.get(hex);
  if (h === undefined) {
    h = g.withTable(g.pointFromHex(hex));
    if (keys.size >= 4) keys.clear();
    keys.set(hex, h);
  }
  return h;
}

const sum = (values) => values.reduce((x, y) => x + y, 0n);

const G = g.base(1n);

/** t = B^s · X^(−c), the commitment a valid (c, s) answers (public values only); g^s by the
 * base point's precomputed table. */
function commitment(B, X, c, s) {
  const head = B === G ? g.base(s) : g.mulPublic(s, B);
  return g.sub(head, g.mulPublic(c, X));
}

// --- CDS disjunctive proofs (proofs.prove_one_of / verify_one_of) -------------------------------

function branchCommitments(h, ct, m, c, s) {
  return [
    g.pointHex(commitment(G, ct.a, c, s)),
    g.pointHex(commitment(h, g.sub(ct.b, g.base(BigInt(m))), c, s)),
  ];
}

function oneOfHash(domain, context, hHex, ct, allowed, ts) {
  return g.challenge(domain, [...context, hHex, ...ctItems(ct), ...allowed, ...ts]);
}

/** CDS: ct = (g^r, h^r·g^m) with m one of `allowed`, without saying which. The hash covers the
 * context, the key, the ciphertext, the allowed numbers and every branch's two commitments. */
function proveOneOf(domain, context, h, hHex, ct, r, m, allowed) {
  const real = allowed.indexOf(m);
  const cs = allowed.map(() => randomNonZero());
  const ss = allowed.map(() => randomNonZero());
  const k = randomNonZero();
  const ts = [];
  allowed.forEach((value, i) => {
    if (i === real) ts.push(g.pointHex(g.base(k)), g.pointHex(g.mul(k, h)));
    else ts.push(...branchCommitments(h, ct, value, cs[i], ss[i]));
  });
  const c = oneOfHash(domain, context, hHex, ct, allowed, ts);
  cs[real] = g.scalar(c - sum(cs) + cs[real]);
  ss[real] = g.scalar(k + cs[real] * r);
  return { c: cs, s: ss };
}

function verifyOneOf(domain, context, h, hHex, ct, allowed, proof) {
  if (proof.c.length !== allowed.length || proof.s.length !== allowed.length) return false;
  const ts = allowed.flatMap((value, i) => branchCommitments(h, ct, value, proof.c[i], proof.s[i]));
  return g.scalar(sum(proof.c)) === oneOfHash(domain, context, hHex, ct, allowed, ts);
}

// --- the vector Schnorr proof (proofs.prove_randomness / verify_randomness) ---------------------

function randomnessHash(context, hHex, cts, ts) {
  return g.challenge(RANKS_DOMAIN, [...context, hHex, ...cts.flatMap(ctItems), ...ts.map(g.pointHex)]);
}

function proveRandomness(context, hHex, cts, rs) {
  const ks = cts.map(() => randomNonZero());
  const c = randomnessHash(context, hHex, cts, ks.map((k) => g.base(k)));
  return { c, s: ks.map((k, j) => g.scalar(k + c * rs[j])) };
}

function verifyRandomness(context, hHex, cts, proof) {
  if (proof.s.length !== cts.length) return false;
  const ts = cts.map((ct, j) => commitment(G, ct.a, proof.c, proof.s[j]));
  return proof.c === randomnessHash(context, hHex, cts, ts);
}

// --- the voter's choices --------------------------------------------------------------------------

function checkMarks(spec, marks) {
  if (spec.kind !== "marks") fail(`a ${spec.kind} ballot takes a ranking, not marks`);
  if (!Array.isArray(marks) || marks.length !== spec.options) fail(`a ballot has one mark per option: ${spec.options}`);
  if (!marks.every((m) => m === 0 || m === 1)) fail("each mark is 0 or 1");
  const total = marks.reduce((x, y) => x + y, 0);
  if (total < spec.min_marks || total > spec.max_marks) {
    fail(`a ballot has ${spec.min_marks} to ${spec.max_marks} marks, not ${total}`);
  }
}

function checkRanking(spec, ranking) {
  if (spec.kind !== "ranked") fail(`a ${spec.kind} ballot takes marks, not a ranking`);
  if (!Array.isArray(ranking) || ranking.length < 1 || ranking.length > spec.width) {
    fail(`a ranking lists 1 to ${spec.width} candidates`);
  }
  if (!ranking.every((c) => Number.isSafeInteger(c) && c >= 1 && c <= spec.options)) {
    fail(`candidates are numbered 1 to ${spec.options}`);
  }
  if (new Set(ranking).size !== ranking.length) fail("a ranking names each candidate at most once");
}

const range = (low, high) => Array.from({ length: high - low + 1 }, (_, i) => low + i);

// --- casting ----------------------------------------------------------------------------------------

/** A marks ballot (marks: one 0 or 1 per option) and its randomness, kept for an audit:
 * `{ballot, randomness}` as ballots.encrypt_marks. */
export function encryptMarks(spec, publicKeyHex, marks) {
  checkSpec(spec);
  checkMarks(spec, marks);
  const h = publicKey(publicKeyHex);
  const rs = marks.map(() => randomNonZero());
  const cts = marks.map((m, j) => encrypt(h, m, rs[j]));
  const digest = digestOf(spec.election, cts);
  const proofs = cts.map((ct, j) =>
    proveOneOf(MARK_DOMAIN, [spec.election, digest, j + 1], h, publicKeyHex, ct, rs[j], marks[j], [0, 1]),
  );
  const total = proveOneOf(
    TOTAL_DOMAIN,
    [spec.election, digest],
    h,
    publicKeyHex,
    product(cts),
    g.scalar(sum(rs)),
    marks.reduce((x, y) => x + y, 0),
    range(spec.min_marks, spec.max_marks),
  );
  return { ballot: ballotJson(spec, cts, { marks: proofs, total }), randomness: rs };
}

/** A ranked ballot (ranking: candidate numbers, most preferred first, 1 to width of them) and its
 * randomness: rank j encrypts g^(candidate), or g^0 past the last preference. */
export function encryptRanking(spec, publicKeyHex, ranking) {
  checkSpec(spec);
  checkRanking(spec, ranking);
  const h = publicKey(publicKeyHex);
  const values = [...ranking, ...Array(spec.width - ranking.length).fill(0)];
  const rs = values.map(() => randomNonZero());
  const cts = values.map((m, j) => encrypt(h, m, rs[j]));
  const digest = digestOf(spec.election, cts);
  const proof = proveRandomness([spec.election, digest], publicKeyHex, cts, rs);
  return { ballot: ballotJson(spec, cts, proof), randomness: rs };
}

/** The ballot digest: SHA-256, hex, of the canonical JSON of
 * ["hustings-e2e/1", "ballot", election, a_1, b_1, ..., a_w, b_w]. Throws if malformed. */
export function ballotDigest(spec, ballotJsonData) {
  checkSpec(spec);
  return digestOf(spec.election, parseBallot(spec, ballotJsonData).cts);
}

/** The first 16 hex digits of a digest, upper case, in groups of 4: "ABCD-EF01-2345-6789". */
export function trackingCode(digest) {
  const head = typeof digest === "string" ? digest.slice(0, 16).toUpperCase() : "";
  if (!/^[0-9A-F]{16}$/.test(head)) fail("not a ballot digest");
  return head.match(/.{4}/g).join("-");
}

// --- checking -------------------------------------------------------------------------------------

function wellFormed(spec, cts) {
  const firsts = cts.map((ct) => ctItems(ct)[0]);
  return firsts.length === spec.width && !firsts.includes(g.IDENTITY_HEX) && new Set(firsts).size === firsts.length;
}

function verifyParsed(spec, h, hHex, cts, proof) {
  if (!wellFormed(spec, cts)) return false;
  const digest = digestOf(spec.election, cts);
  if (spec.kind === "ranked") return verifyRandomness([spec.election, digest], hHex, cts, proof);
  for (let j = 0; j < cts.length; j++) {
    if (!verifyOneOf(MARK_DOMAIN, [spec.election, digest, j + 1], h, hHex, cts[j], [0, 1], proof.marks[j])) {
      return false;
    }
  }
  const allowed = range(spec.min_marks, spec.max_marks);
  return verifyOneOf(TOTAL_DOMAIN, [spec.election, digest], h, hHex, product(cts), allowed, proof.total);
}

/** Whether the ballot JSON is well formed and every proof holds (ballots.verify_ballot); false for
 * anything malformed. A page can check its own ballot with it before sending. */
export function verifyBallot(spec, publicKeyHex, ballotJsonData) {
  let parsed;
  let h;
  try {
    checkSpec(spec);
    h = publicKey(publicKeyHex);
    parsed = parseBallot(spec, ballotJsonData);
  } catch {
    return false;
  }
  return verifyParsed(spec, h, publicKeyHex, parsed.cts, parsed.proof);
}

// --- Benaloh audits -------------------------------------------------------------------------------

/** g^m (hex) -> m for m in 0..options: every value a rank or a mark can take. */
function plaintextTable(spec) {
  return new Map(range(0, spec.options).map((m) => [g.pointHex(g.base(BigInt(m))), m]));
}

/** Benaloh's audit of a ballot this device made: `{ballot, randomness: [hex...], plaintext: [int...]}`
 * as ballots.audit_ballot. The ballot is spoiled: it must never be cast. Throws if the randomness
 * does not open the ballot. */
export function auditBallot(spec, publicKeyHex, ballotJsonData, randomness) {
  checkSpec(spec);
  const h = publicKey(publicKeyHex);
  const { cts, proof } = parseBallot(spec, ballotJsonData);
  if (!Array.isArray(randomness) || randomness.length !== cts.length) {
    fail(`an audit reveals one randomness per ciphertext: ${cts.length}`);
  }
  const table = plaintextTable(spec);
  const plaintext = cts.map((ct, j) => {
    const r = g.scalar(randomness[j]);
    if (!g.equals(g.base(r), ct.a)) fail("the randomness does not open this ballot");
    const m = table.get(g.pointHex(g.sub(ct.b, g.mul(r, h))));
    if (m === undefined) fail("the randomness opens a value no ballot may hold");
    return m;
  });
  return {
    ballot: ballotJson(spec, cts, proof),
    randomness: randomness.map(g.scalarHex),
    plaintext,
  };
}

function decodeRanking(spec, values) {
  if (values.length !== spec.width) return null;
  const ranked = values.filter((v) => v !== 0);
  if (ranked.length === 0 || ranked.some((v, i) => values[i] !== v)) return null;
  if (new Set(ranked).size !== ranked.length || ranked.some((v) => v < 1 || v > spec.options)) return null;
  return ranked;
}

function validPlaintext(spec, values) {
  if (spec.kind === "ranked") return decodeRanking(spec, values) !== null;
  const total = values.reduce((x, y) => x + y, 0);
  return (
    values.length === spec.width &&
    values.every((v) => v === 0 || v === 1) &&
    spec.min_marks <= total &&
    total <= spec.max_marks
  );
}

function parseAudit(spec, audited) {
  if (!sameKeys(audited, ["ballot", "randomness", "plaintext"])) fail("not an audited ballot");
  const ballot = parseBallot(spec, audited.ballot);
  const { randomness, plaintext } = audited;
  if (!Array.isArray(randomness) || randomness.length !== spec.width) fail("wrong number of randomness values");
  if (!Array.isArray(plaintext) || plaintext.length !== spec.width || !plaintext.every(Number.isSafeInteger)) {
    fail("wrong plaintext");
  }
  return { ...ballot, rs: randomness.map(g.scalarFromHex), values: plaintext };
}

/** The plaintext of an audited ballot (anyone's, e.g. one published as spoiled) if its randomness
 * re-encrypts that plaintext to exactly its ciphertexts, the plaintext is a valid vote and the
 * ballot's proofs hold (ballots.check_audit); null otherwise, or if anything is malformed. */
export function checkAudit(spec, publicKeyHex, audited) {
  let parsed;
  let h;
  try {
    checkSpec(spec);
    h = publicKey(publicKeyHex);
    parsed = parseAudit(spec, audited);
  } catch {
    return null;
  }
  const { cts, proof, rs, values } = parsed;
  if (!validPlaintext(spec, values)) return null;
  const opens = cts.every((ct, j) => {
    const again = encrypt(h, values[j], rs[j]);
    return g.equals(again.a, ct.a) && g.equals(again.b, ct.b);
  });
  if (!opens || !verifyParsed(spec, h, publicKeyHex, cts, proof)) return null;
  return [...values];
}
