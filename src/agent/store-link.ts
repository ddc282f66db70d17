// `ccsync setup` (issue #4) links top-level files of a pod's Claude dir (history.jsonl,
// settings.json, CLAUDE.md) to the same names in a store on a persistent volume, beside its
// `projects` link. Writers go through such a link to the store's file, so the store keeps the
// data and the link stays (a rename over the link would replace it by a file in the ephemeral
// dir). Any other symlinked top-level file is still refused: only the store setup made, which
// the `projects` link names, is trusted (issue #10 item 1).
import { readlink } from 'node:fs/promises';
import path from 'node:path';

/** The dir `<claudeDir>/projects` links to, minus `/projects`: the store setup made, if any. */
async function storeDir(claudeDir: string): Promise<string | undefined> {
  const target = await readlink(path.join(claudeDir, 'projects')).catch(() => undefined);
  if (target === undefined || !path.isAbsolute(target) || path.basename(target) !== 'projects') return undefined;
  return path.dirname(target);
}

/**
 * Where the top-level symlink `<claudeDir>/<name>` leads when setup made it: `<store>/<name>`,
 * with the store the one `projects` links into. Undefined for a link anywhere else.
 */
export async function storeLinkTarget(claudeDir: string, name: string): Promise<string | undefined> {
  const target = await readlink(path.join(claudeDir, name)).catch(() => undefined);
  if (target === undefined || !path.isAbsolute(target)) return undefined;
  const store = await storeDir(claudeDir);
  if (store === undefined || path.normalize(target) !== path.join(store, name)) return undefined;
  return path.normalize(target);
}
