// The interactive picker of `ccsync resolve` on a terminal (issue #5: "an interactive picker (a
// kept prompt library)"): @clack/prompts, drawn on stderr so stdout keeps only results.
// Choose a conflict, read its preview, choose what to keep; nothing is written until the
// picker returns (the runner then writes every choice in one batch per side).
import type { Readable, Writable } from 'node:stream';
import { cancel, intro, isCancel, note, outro, select } from '@clack/prompts';
import type { ConflictPreview } from '../resolve/preview.js';
import { CHOICE_LABELS, describePreview, pickerHint, pickerLabel } from './print/describe-resolve.js';
import { CHOICES, type Choice } from '../resolve/resolve-types.js';

export interface PickerIO {
  input: Readable;
  output: Writable;
}

const DONE = '\u0000done';
const SKIP = 'skip';

/** The choices made, by session id; undefined when the user cancelled (Ctrl-C, Esc). */
export async function pickChoices(previews: readonly ConflictPreview[], remoteName: string, io: PickerIO): Promise<Map<string, Choice> | undefined> {
  const common = { input: io.input, output: io.output };
  const chosen = new Map<string, Choice>();
  intro(`ccsync resolve ${remoteName}: ${previews.length} session(s) in conflict`, common);
  for (;;) {
    let preview: ConflictPreview | undefined = previews.length === 1 ? previews[0] : undefined;
    if (preview === undefined) {
      const picked = await select<string>({
        ...common,
        message: 'Which session?',
        options: [
          ...previews.map((item) => {
            const choice = chosen.get(item.sessionId);
            return { value: item.sessionId, label: pickerLabel(item), hint: choice ? `→ ${choice}` : pickerHint(item) };
          }),
          { value: DONE, label: chosen.size > 0 ? `apply ${chosen.size} choice(s)` : 'quit (change nothing)' },
        ],
      });
      if (isCancel(picked)) break;
      if (picked === DONE) {
        outro(chosen.size > 0 ? `applying ${chosen.size} choice(s)` : 'nothing changed', common);
        return chosen;
      }
      preview = previews.find((item) => item.sessionId === picked);
      if (preview === undefined) continue;
    }
    note(describePreview(preview, remoteName).join('\n'), `session ${preview.sessionId}`, common);
    const action = await select<string>({
      ...common,
      message: 'Keep what?',
      options: [...CHOICES.map((choice) => ({ value: choice, label: CHOICE_LABELS[choice] })), { value: SKIP, label: 'skip — leave it in conflict' }],
    });
    if (isCancel(action)) break;
    const choice = CHOICES.find((item) => item === action);
    if (choice === undefined) chosen.delete(preview.sessionId);
    else chosen.set(preview.sessionId, choice);
    if (previews.length === 1 || chosen.size === previews.length) {
      outro(chosen.size > 0 ? `applying ${chosen.size} choice(s)` : 'nothing changed', common);
      return chosen;
    }
  }
  cancel('cancelled: nothing changed', common);
  return undefined;
}
