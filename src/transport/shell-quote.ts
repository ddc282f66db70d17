// Words for a POSIX shell: the one quoting every command line ccsync builds goes through, and
// the way a command is shown to the user. Kept apart from ssh-bootstrap.ts so that quoting
// does not load crypto and zlib into every command's start-up (issue #11: `status` 1.5× node).

/** `word` as one single-quoted shell word: POSIX single quotes, the only quoting a remote shell cannot reinterpret. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}

/** A command as a user would type it: plain words bare, the others quoted. */
export function displayCommand(argv: readonly string[]): string {
  return argv.map((word) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : shellQuote(word))).join(' ');
}
