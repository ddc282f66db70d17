// The sh agent's answers to a write batch, one per op in op order, turned into the node
// agent's WriteResult values (src/agent/file-ops.ts): K = ok with the file's stat line and
// fingerprint (`-`: the client computes it from the data it sent, as the node agent does for
// a put; `@`: from the window bytes that precede it), F = failed with code and message.
import { createHash } from 'node:crypto';
import { ExitError } from '../../errors.js';
import { writeStopSchema, type WriteOp, type WriteResult, type WriteStop } from '../../wire/protocol.js';
import { parseStatLine, takeFp, type ShRecord } from './records.js';

const CODES = new Set(['changed', 'refused', 'io'] as const);

function isCode(value: string): value is 'changed' | 'refused' | 'io' {
  return (CODES as Set<string>).has(value);
}

/** `cause TAB attempted(1|0) TAB free bytes (or empty)` */
function parseStop(text: string): WriteStop | undefined {
  const [cause = '', attempted = '', free = ''] = text.split('\t');
  const parsed = writeStopSchema.safeParse({ cause, attempted: attempted === '1', ...(/^\d+$/.test(free) ? { freeBytes: Number(free) } : {}) });
  return parsed.success ? parsed.data : undefined;
}

export function parseWriteResults(records: ShRecord[], ops: WriteOp[], label: string, dataFp: (op: Extract<WriteOp, { data: Buffer }>) => string): WriteResult[] {
  const bad = (what: string): never => {
    throw new ExitError(`${label}: the sh agent's write results do not match the writes asked (${what})`);
  };
  const results: WriteResult[] = [];
  let windows: Buffer[] = [];
  // why the batch stopped, told just before the failure it belongs to (disk-stop-script.ts)
  let stop: WriteStop | undefined;
  const hash = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
  for (const { tag, data } of records) {
    if (tag === 'W') {
      windows.push(data);
      continue;
    }
    if (tag === 'S') {
      stop = parseStop(data.toString('utf8'));
      if (stop === undefined) bad('stop record');
      continue;
    }
    const op = ops[results.length];
    if (op === undefined) bad('more results than ops');
    if (op === undefined) break;
    const fields = data.toString('utf8').split('\t');
    if (tag === 'F') {
      const [code = '', ...message] = fields;
      if (!isCode(code)) bad(`code ${code}`);
      if (isCode(code)) results.push({ ok: false, path: op.path, code, message: message.join('\t'), ...(stop ? { stop } : {}) });
      stop = undefined;
    } else if (tag === 'K') {
      const [path = '', fp = '', ...statFields] = fields;
      if (path !== op.path) bad(`path ${path}`);
      const statText = statFields.join('\t');
      if (statText === '-') {
        results.push({ ok: true, path: op.path });
      } else {
        const stat = parseStatLine(statText);
        if (stat === undefined) bad('stat line');
        if (stat === undefined) break;
        if (op.kind === 'backup' || op.kind === 'remove') {
          // a backup reports the file it copied, without a fingerprint (file-ops.ts backupOp)
          results.push({ ok: true, path: op.path, size: stat.size, mtimeMs: stat.mtimeMs });
        } else {
          const value = fp === '-' ? dataFp(op) : takeFp(fp, windows, hash, label);
          results.push({ ok: true, path: op.path, size: stat.size, mtimeMs: stat.mtimeMs, fp: value });
        }
      }
      windows = [];
    } else bad(`record ${tag}`);
  }
  if (results.length !== ops.length) bad(`${results.length} results for ${ops.length} ops`);
  return results;
}
