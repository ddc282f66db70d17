// What counts as a secret in an exported session (issue #5, "export"): one rule per kind, each a
// regex run over the decoded text plus the part of the match that is replaced. Written against
// false positives in ordinary transcripts: every token needs a boundary before it (so the tail
// of a hash, a base64 image or "task-sk-1" never matches) and a minimum length; `.env`-style
// assignments need an UPPER_CASE name with a secret word as a whole `_` component and a literal
// value (not `$VAR`, `${VAR}`, `<placeholder>` or empty).

export interface SecretMatch {
  /** the replaced range, in the text the rule ran over */
  start: number;
  end: number;
  kind: string;
}

export interface SecretRule {
  kind: string;
  /** cheap pre-check: the rule cannot match text without this */
  hint: RegExp;
  find(text: string): SecretMatch[];
}

// Before a token: not a char that would make it the tail of a longer word or name. A token with
// a `_` or `-` in its prefix cannot sit inside standard base64, so it may follow '/', '+' or
// '=' (a URL's `https://ghp_…@`, `KEY=sk-…`); AKIA ids can, so they need a stricter boundary.
const TOKEN_START = String.raw`(?<![A-Za-z0-9_.-])`;
const ID_START = String.raw`(?<![A-Za-z0-9_+/=.-])`;
const TOKEN_END = String.raw`(?![A-Za-z0-9_-])`;

/** Whole-match rules: the token itself is the secret. */
function tokenRule(kind: string, hint: RegExp, body: string, accept: (token: string) => boolean = () => true, start = TOKEN_START): SecretRule {
  const regex = new RegExp(`${start}(?:${body})${TOKEN_END}`, 'g');
  return {
    kind,
    hint,
    find(text) {
      const found: SecretMatch[] = [];
      for (const match of text.matchAll(regex)) {
        if (accept(match[0])) found.push({ start: match.index, end: match.index + match[0].length, kind });
      }
      return found;
    },
  };
}

/** Rules whose named group `value` (or `value2`, in a second spelling) is the secret (the rest is context that stays readable). */
function valueRule(kind: string, hint: RegExp, source: string, flags: string, accept: (value: string, whole: string) => boolean = () => true): SecretRule {
  const regex = new RegExp(source, `${flags}gd`);
  return {
    kind,
    hint,
    find(text) {
      const found: SecretMatch[] = [];
      for (const match of text.matchAll(regex)) {
        const group = ['value', 'value2'].find((key) => match.groups?.[key] !== undefined) ?? 'value';
        const range = match.indices?.groups?.[group];
        const value = match.groups?.[group];
        if (range === undefined || value === undefined || !accept(value, match[0])) continue;
        found.push({ start: range[0], end: range[1], kind });
      }
      return found;
    },
  };
}

/** Random keys mix letters and digits; a long kebab-case name in prose does not. */
function looksRandom(token: string): boolean {
  return /[0-9]/.test(token) && /[A-Za-z]/.test(token);
}

const SECRET_WORDS = new Set(['SECRET', 'TOKEN', 'PASSWORD', 'PASSWD', 'PASSPHRASE', 'APIKEY', 'CREDENTIALS', 'CREDENTIAL']);
const KEY_QUALIFIERS = new Set(['API', 'ACCESS', 'SECRET', 'PRIVATE', 'AUTH', 'ENCRYPTION', 'SIGNING', 'MASTER', 'SESSION', 'CLIENT']);
// A name ending like these holds where a secret is, or its shape, not the secret.
const NOT_A_VALUE = new Set(['URL', 'URI', 'PATH', 'FILE', 'DIR', 'ENDPOINT', 'HOST', 'NAME', 'TYPE', 'ID', 'LENGTH', 'LEN', 'SIZE', 'COUNT', 'LIMIT', 'MAX', 'MIN', 'TTL', 'EXPIRY', 'EXPIRES', 'HEADER', 'ENV', 'VAR', 'FIELD', 'PARAM', 'REGION']);

/** `DB_PASSWORD`, `OPENAI_API_KEY`, `GITHUB_TOKEN`: yes. `MAX_TOKENS`, `TOKENIZERS_PARALLELISM`, `PWD`, `TOKEN_URL`: no. */
export function isSecretName(name: string): boolean {
  const parts = name.split('_').filter((part) => part !== '');
  const last = parts[parts.length - 1];
  if (last === undefined || NOT_A_VALUE.has(last)) return false;
  return parts.some((part, index) => SECRET_WORDS.has(part) || (part === 'KEY' && index > 0 && KEY_QUALIFIERS.has(parts[index - 1] ?? '')));
}

const PLACEHOLDER = /^(?:\[REDACTED|<|\$|%|\{\{|\*+$|x{3,}$|\.{3}|changeme$|your[_-]|null$|none$|true$|false$|undefined$)/i;

function isLiteralSecret(value: string): boolean {
  return value.length >= 4 && !PLACEHOLDER.test(value);
}

// `NAME=value` at a line start (optionally `export `) or after a space or `;`, as in `.env` files
// and `TOKEN=… cmd` shell prefixes; no spaces around `=` (code's `const KEY = x` is not this).
const ENV_ASSIGNMENT = String.raw`(?:^|(?<=[\s;]))(?:export\s+)?(?<name>[A-Z][A-Z0-9_]*)=(?:"(?<value>[^"\n\\$]+)"|'(?<value2>[^'\n]+)'|(?<value3>[^\s"'\x60;&|)$]+))`;

function envRule(): SecretRule {
  const regex = new RegExp(ENV_ASSIGNMENT, 'gmd');
  return {
    kind: 'env-assignment',
    hint: /(?:SECRET|TOKEN|PASSW|PASSPHRASE|KEY|CREDENTIAL)[A-Z0-9_]*=/,
    find(text) {
      const found: SecretMatch[] = [];
      for (const match of text.matchAll(regex)) {
        const name = match.groups?.['name'] ?? '';
        const group = ['value', 'value2', 'value3'].find((key) => match.groups?.[key] !== undefined);
        const range = group === undefined ? undefined : match.indices?.groups?.[group];
        const value = group === undefined ? undefined : match.groups?.[group];
        if (range === undefined || value === undefined || !isSecretName(name) || !isLiteralSecret(value)) continue;
        const kind = /SECRET_ACCESS_KEY$/.test(name) ? 'aws-secret-key' : 'env-assignment';
        found.push({ start: range[0], end: range[1], kind });
      }
      return found;
    },
  };
}

/** In priority order: where two rules claim the same range, the earlier one names the kind. */
export const SECRET_RULES: readonly SecretRule[] = [
  {
    kind: 'private-key',
    hint: /PRIVATE KEY/,
    find(text) {
      const regex = /-----BEGIN (?<label>[A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?(?:-----END \k<label>-----|(?![\s\S]))/g;
      return [...text.matchAll(regex)].map((match) => ({ start: match.index, end: match.index + match[0].length, kind: 'private-key' }));
    },
  },
  tokenRule('anthropic', /sk-ant-/, String.raw`sk-ant-[A-Za-z0-9_-]{20,}`, looksRandom),
  tokenRule('openai', /sk-/, String.raw`sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}`, looksRandom),
  tokenRule('github', /gh[pousr]_|github_pat_/, String.raw`gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}`),
  tokenRule('slack', /xox[abprs]-/, String.raw`xox[abprs]-[A-Za-z0-9-]{10,}`, looksRandom),
  tokenRule('aws-access-key-id', /A[KS]IA/, String.raw`(?:AKIA|ASIA)[0-9A-Z]{16}`, () => true, ID_START),
  valueRule(
    'aws-secret-key',
    /secret_?access_?key/i,
    String.raw`aws_?secret_?access_?key["']?\s*[:=]\s*["']?(?<value>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])|"SecretAccessKey"\s*:\s*"(?<value2>[A-Za-z0-9/+]{40})"`,
    'i',
  ),
  valueRule(
    'authorization',
    /authorization/i,
    String.raw`\bAuthorization["']?\s*:\s*["']?(?:Bearer|Basic|Token|Bot)\s+(?<value>[A-Za-z0-9._~+/=-]{8,})`,
    'i',
    (value) => isLiteralSecret(value),
  ),
  envRule(),
];
