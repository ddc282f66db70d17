// Deterministic text for the benchmark corpus: prose, TypeScript/Python-like code, shell
// output, ids. The point is realistic compressibility (issue #3 benchmark: "realistic JSONL"):
// a Zipf-ish vocabulary, identifiers built per project, numbers and hex ids that do not
// compress — never one repeated string. The gzip ratio is measured and printed by the bench.

/** sfc32: small, fast, seedable; the same seed gives the same corpus on every machine. */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: string) {
    let h = 1779033703 ^ seed.length;
    for (let i = 0; i < seed.length; i++) {
      h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
      h = (h << 13) | (h >>> 19);
    }
    const next = (): number => {
      h = Math.imul(h ^ (h >>> 16), 2246822507);
      h = Math.imul(h ^ (h >>> 13), 3266489909);
      return (h ^= h >>> 16) >>> 0;
    };
    this.#a = next();
    this.#b = next();
    this.#c = next();
    this.#d = next();
    for (let i = 0; i < 12; i++) this.float();
  }

  /** uniform in [0, 1) */
  float(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.float() * max);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Zipf-like: low indexes far more often, as words in real text. */
  zipf<T>(items: readonly T[]): T {
    const r = this.float();
    const item = items[Math.floor(items.length * r * r * r)];
    if (item === undefined) throw new Error('zipf from an empty list');
    return item;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += ((this.float() * 4294967296) >>> 0).toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** log-normal: a few big values among many small ones (session sizes) */
  logNormal(median: number, sigma: number): number {
    const u = Math.max(this.float(), 1e-12);
    const v = this.float();
    return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }
}

const WORDS = (
  'the to and a of is in that it for this we on be with as you can not are if should file ' +
  'test function I will so but now let me check at from by or an have there which error ' +
  'use then when need what run make sure also type one just value here case return looks ' +
  'change fix update add new code path call build it\'s all into same do see config first ' +
  'output because more only line data how read still instead both each handle works ' +
  'string default before after missing import module server request response cache ' +
  'failing passes expected actual undefined null array object async await promise ' +
  'timeout retry queue worker batch schema validate parse index key token session ' +
  'branch commit merge rebase diff patch review approach simpler cleaner option flag ' +
  'environment variable install dependency version upgrade deprecated warning log ' +
  'performance memory latency throughput benchmark profile slow fast loop recursion ' +
  'state store reducer component render props hook effect event listener callback ' +
  'database query migration table column row transaction lock deadlock connection pool ' +
  'gradient tensor batch epoch checkpoint optimizer learning rate loss accuracy model ' +
  'dataset loader shard GPU CUDA kernel memory allocation mixed precision eval training'
).split(' ');

const CODE_WORDS = (
  'user account session token config options request response handler client server ' +
  'cache store item entry record list map set queue buffer stream reader writer parser ' +
  'builder factory service manager provider context state event message payload result ' +
  'error status value key index count size offset length path file dir name id type ' +
  'model layer tensor batch step epoch loss grad weight bias input output hidden logits'
).split(' ');

const VERBS = 'get set load save read write parse build create update delete find resolve handle apply compute validate format render fetch send emit'.split(' ');
const TYPES = ['string', 'number', 'boolean', 'Promise<void>', 'Buffer', 'Record<string, unknown>', 'string[]', 'Map<string, number>'];

function cap(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A project's own identifiers: sessions of one project keep reusing them, as real code does. */
export function projectVocabulary(rng: Rng, count = 160): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts = [rng.pick(VERBS), rng.pick(CODE_WORDS), ...(rng.float() < 0.4 ? [rng.pick(CODE_WORDS)] : [])];
    out.push(parts[0] + parts.slice(1).map(cap).join(''));
  }
  return out;
}

export function sentence(rng: Rng, vocab: readonly string[]): string {
  const length = 6 + rng.int(18);
  const words: string[] = [];
  for (let i = 0; i < length; i++) words.push(rng.float() < 0.08 ? `\`${rng.pick(vocab)}\`` : rng.zipf(WORDS));
  const text = words.join(' ');
  return `${cap(text)}${rng.pick(['.', '.', '.', ':', '?'])}`;
}

export function prose(rng: Rng, vocab: readonly string[], sentences: number): string {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) {
    out.push(sentence(rng, vocab));
    if (rng.float() < 0.15) out.push('\n\n');
    else if (rng.float() < 0.1) out.push(`\n- ${sentence(rng, vocab)}\n- ${sentence(rng, vocab)}\n`);
    else out.push(' ');
  }
  return out.join('').trim();
}

function literal(rng: Rng, vocab: readonly string[]): string {
  const r = rng.float();
  if (r < 0.3) return String(rng.int(r < 0.1 ? 10 : 100_000));
  if (r < 0.5) return `'${rng.pick(vocab)}'`;
  if (r < 0.6) return `'${rng.hex(8 + rng.int(24))}'`;
  if (r < 0.75) return rng.pick(['null', 'undefined', 'true', 'false', '[]', '{}']);
  return rng.pick(vocab);
}

/** A source file: functions with bodies of assignments, calls, conditions and returns. */
export function codeFile(rng: Rng, vocab: readonly string[], lines: number): string {
  const out: string[] = [`import { ${rng.pick(vocab)}, ${rng.pick(vocab)} } from './${rng.pick(vocab)}.js';`, ''];
  while (out.length < lines) {
    const name = rng.pick(vocab);
    const args = Array.from({ length: rng.int(4) }, () => `${rng.pick(vocab)}: ${rng.pick(TYPES)}`).join(', ');
    out.push(`${rng.float() < 0.6 ? 'export ' : ''}${rng.float() < 0.4 ? 'async ' : ''}function ${name}(${args}): ${rng.pick(TYPES)} {`);
    const body = 2 + rng.int(14);
    let depth = 1;
    for (let i = 0; i < body; i++) {
      const pad = '  '.repeat(depth);
      const r = rng.float();
      if (r < 0.3) out.push(`${pad}const ${rng.pick(vocab)} = ${rng.float() < 0.4 ? 'await ' : ''}${rng.pick(vocab)}.${rng.pick(vocab)}(${literal(rng, vocab)});`);
      else if (r < 0.45 && depth < 3) {
        out.push(`${pad}if (${rng.pick(vocab)} ${rng.pick(['===', '!==', '>', '<='])} ${literal(rng, vocab)}) {`);
        depth++;
      } else if (r < 0.55 && depth > 1) {
        depth--;
        out.push(`${'  '.repeat(depth)}}`);
      } else if (r < 0.65) out.push(`${pad}// ${sentence(rng, vocab)}`);
      else if (r < 0.8) out.push(`${pad}${rng.pick(vocab)}.${rng.pick(vocab)}(${literal(rng, vocab)}, ${literal(rng, vocab)});`);
      else if (r < 0.9) out.push(`${pad}throw new Error(\`${sentence(rng, vocab)} \${${rng.pick(vocab)}}\`);`);
      else out.push(`${pad}return ${literal(rng, vocab)};`);
    }
    while (depth > 1) {
      depth--;
      out.push(`${'  '.repeat(depth)}}`);
    }
    out.push('}', '');
  }
  return out.join('\n');
}

/** Shell output: test runs, listings, git log, stack traces — numbers, hashes, timings. */
export function shellOutput(rng: Rng, vocab: readonly string[], cwd: string): string {
  const kind = rng.int(4);
  const lines: string[] = [];
  const count = 5 + rng.int(40);
  for (let i = 0; i < count; i++) {
    if (kind === 0) lines.push(`${rng.pick(['✓', '✓', '✓', '✗'])} ${rng.pick(vocab)} ${rng.zipf(WORDS)} ${rng.zipf(WORDS)} (${rng.int(900)}ms)`);
    else if (kind === 1) lines.push(`-rw-r--r--  1 alice  staff  ${String(rng.int(90_000)).padStart(6)} ${rng.pick(['Jan', 'Feb', 'Mar'])} ${1 + rng.int(28)} ${String(rng.int(24)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')} ${rng.pick(vocab)}.ts`);
    else if (kind === 2) lines.push(`${rng.hex(7)} ${sentence(rng, vocab)}`);
    else lines.push(`    at ${rng.pick(vocab)} (${cwd}/src/${rng.pick(vocab)}.ts:${1 + rng.int(400)}:${1 + rng.int(80)})`);
  }
  return lines.join('\n');
}
