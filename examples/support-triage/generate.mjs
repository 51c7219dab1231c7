// Writes the example's evaluation results: a support-ticket triage model (an LLM classifier with a judge score)
// evaluated on the same 600 tickets three times: on main, on a good pull request, and on a regressing one.
// Deterministic (seeded) so the demo's numbers never change. Run: node examples/support-triage/generate.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const LABELS = ['account', 'billing', 'other', 'technical'];
const DOMAINS = ['consumer', 'enterprise'];
const LANGUAGES = ['en', 'de', 'es'];

function rng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tickets = (() => {
  const random = rng(7);
  return Array.from({ length: 600 }, (_, i) => ({
    id: `ticket-${String(i + 1).padStart(4, '0')}`,
    expected: LABELS[Math.floor(random() * LABELS.length)],
    domain: DOMAINS[random() < 0.7 ? 0 : 1],
    language: LANGUAGES[Math.floor(random() * 3)],
    hardness: random(),
    length: 40 + Math.floor(random() * 400),
  }));
})();

/** skill: probability mass the model puts on the right label for an average ticket. */
function run(name, seed, skill, latencyMs, costPer1k) {
  const random = rng(seed);
  const lines = tickets.map((ticket) => {
    // How likely the model gets this ticket right, and how sure it says it is: calibrated but noisy.
    const skillHere = Math.min(0.99, Math.max(0.3, skill - 0.35 * (ticket.hardness - 0.5)));
    const correct = random() < skillHere;
    const predicted = correct
      ? ticket.expected
      : LABELS.filter((label) => label !== ticket.expected)[Math.floor(random() * 3)];
    const confidence = Math.min(0.97, Math.max(0.3, skillHere + 0.3 * (random() - 0.5)));
    const probability = Object.fromEntries(
      LABELS.map((label) => [label, label === predicted ? confidence : (1 - confidence) / 3]),
    );
    const input = Math.round(ticket.length * 1.3 + 120);
    const output = 12 + Math.floor(random() * 20);
    return JSON.stringify({
      id: ticket.id,
      expected: ticket.expected,
      predicted,
      probability: Object.fromEntries(
        Object.entries(probability).map(([k, v]) => [k, Math.round(v * 1e4) / 1e4]),
      ),
      scores: {
        faithfulness: Math.round(Math.min(1, Math.max(0, confidence + 0.1 * (random() - 0.5))) * 1000) / 1000,
      },
      tags: { domain: ticket.domain, language: ticket.language },
      latency_ms: Math.round(latencyMs * (0.6 + random() * 0.9)),
      tokens: { input, output },
      cost_usd: Math.round(((input + 3 * output) / 1000) * costPer1k * 1e6) / 1e6,
      input: `Ticket ${ticket.id}: customer writes about a ${ticket.expected} issue (${ticket.length} characters).`,
      output: predicted,
    });
  });
  mkdirSync(path.join(here, 'eval'), { recursive: true });
  writeFileSync(path.join(here, 'eval', `${name}.jsonl`), `${lines.join('\n')}\n`);
}

run('main', 11, 0.9, 420, 0.002);
run('pr-good', 11, 0.91, 380, 0.0018);
run('pr-regressed', 13, 0.82, 610, 0.003);
