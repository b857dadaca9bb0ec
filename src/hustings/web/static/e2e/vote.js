// The vote page of an end-to-end verifiable ballot (docs/ballots.md, "End-to-end verifiable
// ballots"). The election's ballot form, joint key and candidates come from the page's JSON script
// tag (#e2e-election). The voter chooses or ranks; ballot.js encrypts in this browser, with the
// validity proofs, and the page shows the tracking code (the first 64 bits of the ballot's digest,
// computed here, not by the server). Then the voter either casts it (POST /api/ballots/<id>/e2e/cast:
// the voting code and the ciphertexts, never the choice) or audits it (Benaloh's challenge: the
// randomness and the plaintext are revealed and POSTed to /api/ballots/<id>/e2e/audit to be
// published as spoiled; the page shows what the encryption opens to, then encrypts afresh).
// The randomness stays in this page's memory and is sent only in an audit.
import { auditBallot, ballotDigest, encryptMarks, encryptRanking, trackingCode } from "./ballot.js";

const election = JSON.parse(document.getElementById("e2e-election").textContent);
const $ = (id) => document.getElementById(id);
const WORDS = document.getElementById("e2e-words").dataset; // translated by the template
const say = (key, fill = {}) => Object.entries(fill).reduce((text, [k, v]) => text.replace(`{${k}}`, v), WORDS[key]);
let pending = null; // {ballot, randomness, choice, code}

function showError(words) {
  const box = $("vote-error");
  box.textContent = words;
  box.hidden = !words;
}

// The voter's choice as candidate numbers, most preferred first (one for a single-mark ballot).
function readChoice() {
  if (election.kind === "marks") {
    const picked = document.querySelector('input[name="choice"]:checked');
    if (!picked) throw new Error(say("chooseOne"));
    return [Number(picked.value)];
  }
  const byRank = new Map();
  for (const select of document.querySelectorAll('select[name="rank"]')) {
    if (!select.value) continue;
    const rank = Number(select.value);
    if (byRank.has(rank)) throw new Error(say("twice", { rank }));
    byRank.set(rank, Number(select.dataset.candidate));
  }
  if (byRank.size === 0) throw new Error(say("first"));
  const ranking = [];
  for (let rank = 1; rank <= byRank.size; rank += 1) {
    if (!byRank.has(rank)) throw new Error(say("gap", { rank }));
    ranking.push(byRank.get(rank));
  }
  if (ranking.length > election.spec.width) throw new Error(say("atMost", { width: election.spec.width }));
  return ranking;
}

function encrypt(choice) {
  const spec = election.spec;
  const made =
    election.kind === "marks"
      ? encryptMarks(spec, election.public_key, Array.from({ length: spec.options }, (_, i) => (choice.includes(i + 1) ? 1 : 0)))
      : encryptRanking(spec, election.public_key, choice);
  const code = trackingCode(ballotDigest(spec, made.ballot));
  return { ...made, choice, code };
}

function words(choice) {
  const names = choice.map((n) => election.candidates[n - 1]);
  if (election.kind === "marks") return names.join(", ") || say("blank");
  return names.map((name, i) => `${i + 1}. ${name}`).join("; ");
}

function showPending() {
  $("pending-code").textContent = pending.code;
  $("pending-choice").textContent = words(pending.choice);
  $("encrypted").hidden = false;
  $("e2e-vote").hidden = true;
  $("cast").textContent = say("cast");
  $("cast").dataset.confirming = "";
}

async function post(path, body) {
  const response = await fetch(`/api/ballots/${election.ballot}/e2e/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.detail || say("refused", { status: response.status }));
  return data;
}

$("e2e-vote").hidden = false;
$("e2e-vote").addEventListener("submit", (event) => {
  event.preventDefault();
  showError("");
  try {
    pending = encrypt(readChoice());
  } catch (error) {
    showError(error.message);
    return;
  }
  showPending();
});

$("change").addEventListener("click", () => {
  pending = null;
  $("encrypted").hidden = true;
  $("e2e-vote").hidden = false;
});

$("cast").addEventListener("click", async () => {
  const button = $("cast");
  if (!button.dataset.confirming) {
    // Casting cannot be undone: ask once more, in the page.
    button.dataset.confirming = "yes";
    button.textContent = say("confirm");
    return;
  }
  const credential = $("credential").value.trim();
  if (!credential) {
    $("encrypted").hidden = true;
    $("e2e-vote").hidden = false;
    showError(say("noCode"));
    return;
  }
  button.disabled = true;
  try {
    const receipt = await post("cast", { credential, ballot: pending.ballot });
    $("tracking-code").textContent = receipt.tracking_code;
    $("encrypted").hidden = true;
    $("audited").hidden = true;
    $("receipt").hidden = false;
    pending = null;
  } catch (error) {
    $("encrypted").hidden = true;
    $("e2e-vote").hidden = false;
    showError(error.message);
  } finally {
    button.disabled = false;
  }
});

$("audit").addEventListener("click", async () => {
  const audited = auditBallot(election.spec, election.public_key, pending.ballot, pending.randomness);
  const opened = audited.plaintext;
  const shown = election.kind === "marks" ? opened.flatMap((m, i) => (m ? [i + 1] : [])) : opened.filter((m) => m > 0);
  $("audit").disabled = true;
  try {
    const answer = await post("audit", { audited });
    $("audited-choice").textContent = `${words(shown)} (the server, checking the same, found: ${answer.choice.join(", ") || "(blank)"})`;
    $("audited-code").textContent = answer.tracking_code;
    $("audited").hidden = false;
    pending = encrypt(pending.choice); // the audited encryption is spoiled: encrypt afresh
    showPending();
  } catch (error) {
    showError(error.message);
    $("encrypted").hidden = true;
    $("e2e-vote").hidden = false;
  } finally {
    $("audit").disabled = false;
  }
});
