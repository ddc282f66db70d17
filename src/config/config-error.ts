// One shape for every config problem: `<file>: <key path>: <what is expected>`, one line.
import { ExitError } from '../errors.js';

/** `remotes.pod.map[0].local`; a key that is not a bare word is quoted (`remotes."my pod"`). */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else {
      const key = String(part);
      const word = /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
      text += text === '' ? word : `.${word}`;
    }
  }
  return text;
}

export class ConfigError extends ExitError {
  readonly file: string;
  readonly keyPath: string;
  constructor(file: string, keyPath: string, problem: string) {
    super(keyPath === '' ? `${file}: ${problem}` : `${file}: ${keyPath}: ${problem}`);
    this.name = 'ConfigError';
    this.file = file;
    this.keyPath = keyPath;
  }
}

/** Values echoed in messages stay on one line and short. */
export function showValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
