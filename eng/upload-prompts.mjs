#!/usr/bin/env node
// Uploads the repository's prompts (Orchestrator.AI/Prompts/Local/*.json) to Langfuse prompt
// management with the "production" label. Idempotent: a prompt whose production text already
// matches is left alone, so running it twice creates no new versions.
//   LANGFUSE_HOST=https://cloud.langfuse.com LANGFUSE_PUBLIC_KEY=pk-lf-… LANGFUSE_SECRET_KEY=sk-lf-… node eng/upload-prompts.mjs
import { readdir, readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const host = process.env.LANGFUSE_HOST;
const publicKey = process.env.LANGFUSE_PUBLIC_KEY;
const secretKey = process.env.LANGFUSE_SECRET_KEY;
const label = process.env.LANGFUSE_PROMPT_LABEL ?? 'production';
if (!host || !publicKey || !secretKey) {
  console.error('Set LANGFUSE_HOST, LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY.');
  process.exit(2);
}

const auth = 'Basic ' + Buffer.from(`${publicKey}:${secretKey}`).toString('base64');
const base = host.endsWith('/') ? host : host + '/';
const folder = join(dirname(fileURLToPath(import.meta.url)), '..', 'Orchestrator.AI', 'Prompts', 'Local');

let uploaded = 0;
for (const file of (await readdir(folder)).filter(f => f.endsWith('.json')).sort()) {
  const local = JSON.parse(await readFile(join(folder, file), 'utf8'));
  const current = await fetch(new URL(`api/public/v2/prompts/${encodeURIComponent(local.name)}?label=${encodeURIComponent(label)}`, base), {
    headers: { authorization: auth },
  });
  if (current.ok && (await current.json()).prompt === local.prompt) {
    console.log(`${local.name}: up to date`);
    continue;
  }
  if (!current.ok && current.status !== 404) {
    throw new Error(`GET ${local.name}: HTTP ${current.status}`);
  }
  const created = await fetch(new URL('api/public/v2/prompts', base), {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: local.name,
      type: local.type ?? 'text',
      prompt: local.prompt,
      labels: [label],
      config: { localVersion: local.version },
      commitMessage: `Local version ${local.version}`,
    }),
  });
  if (!created.ok) {
    throw new Error(`POST ${local.name}: HTTP ${created.status} ${await created.text()}`);
  }
  const body = await created.json();
  console.log(`${local.name}: uploaded as version ${body.version}`);
  uploaded++;
}
console.log(`${uploaded} prompt(s) uploaded`);
