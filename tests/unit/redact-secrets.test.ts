// Secret redaction for `ccsync export` (issue #5): each kind is caught (with its surrounding text
// kept), and the things a realistic transcript is full of — hashes, uuids, base64 images, the
// word "password", env var names without values, "sk-" in prose — are left alone. Secrets are
// assembled from parts so the source file itself holds no token-shaped string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { findSecrets, redactJsonl, redactJsonLine, redactPlainText, redactText, type Redaction } from '../../src/bundle/redact-secrets.js';
import { isSecretName } from '../../src/bundle/secret-rules.js';
import { makeTranscript } from '../helpers/transcripts.js';

const alnum = (seed: string, length: number): string => {
  let out = '';
  for (let n = 0; out.length < length; n++) out += createHash('sha256').update(`${seed}${n}`).digest('base64').replace(/[^A-Za-z0-9]/g, '');
  return out.slice(0, length);
};
const upper = (seed: string, length: number): string => alnum(seed, length * 3).toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, length);

const ANTHROPIC = ['sk', 'ant', 'api03', alnum('a', 93)].join('-') + 'AA';
const OPENAI_PROJECT = ['sk', 'proj', alnum('o', 48) + '_' + alnum('p', 40)].join('-');
const OPENAI_LEGACY = ['sk', alnum('l', 48)].join('-');
const AWS_ID = 'AKIA' + upper('aws', 16);
const AWS_SECRET = alnum('s', 30) + '/' + alnum('t', 4) + '+' + alnum('u', 4);
const GITHUB_CLASSIC = 'ghp' + '_' + alnum('g', 36);
const GITHUB_FINE = 'github' + '_pat_' + '11' + upper('f', 20) + '_' + alnum('h', 59);
const SLACK = ['xoxb', '1234567890', '9876543210123', alnum('k', 24)].join('-');
const PRIVATE_KEY = ['-----BEGIN OPENSSH PRIVATE KEY-----', alnum('k1', 70), alnum('k2', 70), '-----END OPENSSH PRIVATE KEY-----'].join('\n');
const JWT = ['eyJhbGciOiJIUzI1NiJ9', alnum('j1', 40), alnum('j2', 43)].join('.');

const caught: Array<[string, string, string, string]> = [
  // [kind, text, what must remain, what must be gone]
  ['anthropic', `my key is ${ANTHROPIC}, use it`, 'my key is [REDACTED:anthropic], use it', ANTHROPIC],
  ['anthropic', `ANTHROPIC_API_KEY=${ANTHROPIC}`, 'ANTHROPIC_API_KEY=[REDACTED:anthropic]', ANTHROPIC],
  ['openai', `client = OpenAI(api_key="${OPENAI_PROJECT}")`, 'client = OpenAI(api_key="[REDACTED:openai]")', OPENAI_PROJECT],
  ['openai', `OPENAI_API_KEY=${OPENAI_LEGACY}`, 'OPENAI_API_KEY=[REDACTED:openai]', OPENAI_LEGACY],
  ['aws-access-key-id', `aws_access_key_id = ${AWS_ID}`, 'aws_access_key_id = [REDACTED:aws-access-key-id]', AWS_ID],
  ['aws-secret-key', `[default]\naws_secret_access_key = ${AWS_SECRET}\n`, 'aws_secret_access_key = [REDACTED:aws-secret-key]\n', AWS_SECRET],
  ['aws-secret-key', `export AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`, 'export AWS_SECRET_ACCESS_KEY=[REDACTED:aws-secret-key]', AWS_SECRET],
  ['aws-secret-key', `{"AccessKeyId": "x", "SecretAccessKey": "${AWS_SECRET}"}`, '"SecretAccessKey": "[REDACTED:aws-secret-key]"', AWS_SECRET],
  ['github', `git remote set-url origin https://${GITHUB_CLASSIC}@github.com/o/r.git`, 'https://[REDACTED:github]@github.com', GITHUB_CLASSIC],
  ['github', `GH token: ${GITHUB_FINE}`, 'GH token: [REDACTED:github]', GITHUB_FINE],
  ['slack', `SLACK_BOT=${SLACK}`, 'SLACK_BOT=[REDACTED:slack]', SLACK],
  ['private-key', `$ cat ~/.ssh/id_ed25519\n${PRIVATE_KEY}\n$ ls`, '$ cat ~/.ssh/id_ed25519\n[REDACTED:private-key]\n$ ls', alnum('k1', 70)],
  ['private-key', `-----BEGIN RSA PRIVATE KEY-----\n${alnum('r', 64)}\n(output truncated)`, '[REDACTED:private-key]', alnum('r', 64)],
  ['authorization', `curl -H "Authorization: Bearer ${JWT}" https://api.example.com`, 'Authorization: Bearer [REDACTED:authorization]" https', JWT],
  ['authorization', 'Authorization: Basic dXNlcjpodW50ZXIyMjI=', 'Authorization: Basic [REDACTED:authorization]', 'dXNlcjpodW50ZXIyMjI='],
  ['env-assignment', 'DB_PASSWORD=s3cr3t-pass\nDB_HOST=localhost', 'DB_PASSWORD=[REDACTED:env-assignment]\nDB_HOST=localhost', 's3cr3t-pass'],
  ['env-assignment', 'export STRIPE_SECRET_KEY="rk_live_abc123xyz"', 'export STRIPE_SECRET_KEY="[REDACTED:env-assignment]"', 'rk_live_abc123xyz'],
  ['env-assignment', "JWT_SECRET='correct horse battery'", "JWT_SECRET='[REDACTED:env-assignment]'", 'correct horse'],
  ['env-assignment', 'GITLAB_TOKEN=glpat12345abcde npm publish', 'GITLAB_TOKEN=[REDACTED:env-assignment] npm publish', 'glpat12345abcde'],
];

for (const [kind, text, kept, gone] of caught) {
  test(`caught: ${kind} in ${JSON.stringify(text.slice(0, 40))}`, () => {
    const { text: result, found } = redactText(text);
    assert.deepEqual(found.map((match) => match.kind), [kind]);
    assert.ok(result.includes(kept), result);
    assert.ok(!result.includes(gone), result);
    assert.equal(redactText(result).found.length, 0, 'redacting again finds nothing (idempotent)');
  });
}

const base64Image = Buffer.concat(Array.from({ length: 64 }, (_, n) => createHash('sha512').update(`img${n}`).digest())).toString('base64');

const untouched: string[] = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  'commit 4282d52a9c1f0e7d6b5a4f3e2d1c0b9a8f7e6d5c (HEAD -> main)',
  '{"uuid":"9534c811-ed72-4030-8957-28bf50c824bd","parentUuid":"53033e87-f9a4-4656-82d8-78aa3c5f8c78"}',
  `{"type":"image","source":{"type":"base64","media_type":"image/png","data":"${base64Image}"}}`,
  'Please enter your password to continue. The password field is required.',
  'const password = req.body.password; if (!password) return res.status(400).end();',
  "if (!process.env.OPENAI_API_KEY) throw new Error('OPENAI_API_KEY is not set');",
  'const API_KEY = process.env.API_KEY;',
  'echo $ANTHROPIC_API_KEY | wc -c',
  'export API_KEY=$(cat ~/.config/key)',
  'API_KEY=\nSECRET_KEY=\n',
  'TOKEN=${TOKEN:-} ./run.sh',
  'API_KEY=<your-api-key>',
  'OPENAI_API_KEY=your_api_key_here',
  'PASSWORD=xxxxxxxx',
  'MAX_TOKENS=4096\nTOKENIZERS_PARALLELISM=false\nPWD=/home/alice/proj\nTOKEN_URL=https://auth.example.com/token',
  'Fixed task-sk-1 and task-sk-2; see disk-sk-01234567890123456789abcdef for details',
  'keys look like sk-ant-... and sk-proj-...; never commit them',
  'Slack bot tokens start with xoxb- and GitHub ones with ghp_',
  'use sk-learn (scikit-learn) for the baseline; --sk-primary-color: #333;',
  'Authorization: Bearer ${token}',
  'curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com',
  "headers: { Authorization: `Bearer ${apiKey}` }",
  '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----',
  '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa\n-----END CERTIFICATE-----',
  'ls ~/.ssh/id_rsa ~/.aws/credentials',
  'the AWS docs use AKIA-style ids; ours is stored in Vault',
  'https://example.com/callback?token=abc123&state=xyz',
  'session_key = cache_key(user_id)',
];

for (const text of untouched) {
  test(`not a secret: ${JSON.stringify(text.slice(0, 50))}`, () => {
    assert.deepEqual(findSecrets(text), []);
  });
}

test('secret names: whole components, not substrings; not URLs, paths or sizes', () => {
  for (const name of ['DB_PASSWORD', 'OPENAI_API_KEY', 'GITHUB_TOKEN', 'JWT_SECRET', 'AWS_SECRET_ACCESS_KEY', 'APIKEY', 'SSH_PASSPHRASE']) assert.ok(isSecretName(name), name);
  for (const name of ['MAX_TOKENS', 'TOKENIZERS_PARALLELISM', 'PWD', 'TOKEN_URL', 'SECRET_FILE', 'PRIMARY_KEY', 'KEY', 'API_KEY_NAME', 'PASSWORD_MIN_LENGTH']) assert.ok(!isSecretName(name), name);
});

test('JSONL: secrets inside string values are replaced, every line stays the same JSON otherwise', () => {
  const cwd = '/home/alice/proj';
  const clean = makeTranscript('11111111-2222-4333-8444-555555555555', cwd, 3);
  const report: Redaction[] = [];
  assert.equal(redactJsonl('s.jsonl', clean, report), clean, 'a transcript without secrets comes back as the same string');
  assert.deepEqual(report, []);

  const withKey = JSON.stringify({ type: 'user', uuid: 'u1', message: { role: 'user', content: [{ type: 'tool_result', content: `cat .env\nOPENAI_API_KEY=${OPENAI_LEGACY}\nDEBUG=1\n${PRIVATE_KEY}` }] } });
  const text = `${clean}${withKey}\n`;
  const redacted = redactJsonl('s.jsonl', text, report);
  const lines = redacted.split('\n');
  assert.equal(lines.length, text.split('\n').length);
  for (const line of lines.filter(Boolean)) assert.doesNotThrow(() => JSON.parse(line));
  const changed: unknown = JSON.parse(lines[lines.length - 2] ?? '');
  assert.deepEqual(changed, { type: 'user', uuid: 'u1', message: { role: 'user', content: [{ type: 'tool_result', content: 'cat .env\nOPENAI_API_KEY=[REDACTED:openai]\nDEBUG=1\n[REDACTED:private-key]' }] } });
  const lineNumber = clean.split('\n').length;
  assert.deepEqual(report, [
    { kind: 'openai', file: 's.jsonl', line: lineNumber, count: 1 },
    { kind: 'private-key', file: 's.jsonl', line: lineNumber, count: 1 },
  ]);
});

test('JSONL: a line that is not JSON is redacted as text; a "__proto__" key stays a key', () => {
  assert.equal(redactJsonLine(`garbage ${GITHUB_CLASSIC}`).line, 'garbage [REDACTED:github]');
  const line = `{"__proto__":{"a":1},"x":"${GITHUB_CLASSIC}"}`;
  assert.equal(redactJsonLine(line).line, '{"__proto__":{"a":1},"x":"[REDACTED:github]"}');
});

test('plain text: line numbers of each finding, counts per line', () => {
  const report: Redaction[] = [];
  const text = `# .env\nDB_PASSWORD=hunter22\n\nA=${GITHUB_CLASSIC} B=${GITHUB_CLASSIC}\n`;
  const result = redactPlainText('file-history/s/abc@v1', text, report);
  assert.equal(result, '# .env\nDB_PASSWORD=[REDACTED:env-assignment]\n\nA=[REDACTED:github] B=[REDACTED:github]\n');
  assert.deepEqual(report, [
    { kind: 'env-assignment', file: 'file-history/s/abc@v1', line: 2, count: 1 },
    { kind: 'github', file: 'file-history/s/abc@v1', line: 4, count: 2 },
  ]);
});
