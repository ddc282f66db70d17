// `${VAR}` in config string values (issue #2: `port = "${RUNPOD_PORT}"`). Values are resolved
// when a remote is used, not when the file is read, so that a variable missing today blocks
// only the remote that needs it and `remote set` can still rewrite the file; the raw text is
// what gets saved back. `$${` stands for a literal `${`; any other `$` is literal.
import type { Env } from './paths.js';

export type TemplatePiece = { kind: 'text'; text: string } | { kind: 'variable'; name: string };

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Split a value into literal text and `${NAME}` references; a malformed `${` is an error string. */
export function parseTemplate(value: string): TemplatePiece[] | { error: string } {
  const pieces: TemplatePiece[] = [];
  let text = '';
  let index = 0;
  while (index < value.length) {
    if (value.startsWith('$${', index)) {
      text += '${';
      index += 3;
    } else if (value.startsWith('${', index)) {
      const end = value.indexOf('}', index + 2);
      if (end < 0) return { error: `unclosed "\${" (write $\${ for a literal one)` };
      const name = value.slice(index + 2, end);
      if (!VARIABLE_NAME.test(name)) {
        return { error: `"\${${name}}" is not a variable reference (names are letters, digits and _)` };
      }
      if (text !== '') pieces.push({ kind: 'text', text });
      text = '';
      pieces.push({ kind: 'variable', name });
      index = end + 1;
    } else {
      text += value[index] ?? '';
      index += 1;
    }
  }
  if (text !== '') pieces.push({ kind: 'text', text });
  return pieces;
}

/** Variables a value refers to (empty for a malformed value or plain text). */
export function referencedVariables(value: string): string[] {
  const pieces = parseTemplate(value);
  if (!Array.isArray(pieces)) return [];
  return pieces.flatMap((piece) => (piece.kind === 'variable' ? [piece.name] : []));
}

export type Interpolated = { ok: true; value: string } | { ok: false; problem: string; variable?: string };

/** Replace every `${NAME}` with its value; an unset or empty variable is a problem to report. */
export function interpolate(value: string, env: Env): Interpolated {
  const pieces = parseTemplate(value);
  if (!Array.isArray(pieces)) return { ok: false, problem: pieces.error };
  let result = '';
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      result += piece.text;
      continue;
    }
    const resolved = env[piece.name];
    if (resolved === undefined || resolved === '') {
      return { ok: false, problem: `environment variable ${piece.name} is not set`, variable: piece.name };
    }
    result += resolved;
  }
  return { ok: true, value: result };
}
