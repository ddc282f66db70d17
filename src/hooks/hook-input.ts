// What Claude Code writes to a hook's stdin (../shared/claude-code-format.md, "Hooks"): one
// JSON object. Only the fields ccsync uses are checked; others (permission_mode, prompt_id,
// effort, …) vary by version and pass through.
import * as z from 'zod';

export const hookInputSchema = z.looseObject({
  session_id: z.string().min(1),
  transcript_path: z.string().optional(),
  /** the session's project: it decides which projects (and which remotes) a hook covers */
  cwd: z.string().min(1),
  hook_event_name: z.string(),
  /** SessionStart: startup | resume | clear | compact */
  source: z.string().optional(),
  /** SessionEnd: clear | logout | prompt_input_exit | other | … */
  reason: z.string().optional(),
});
export type HookInput = z.infer<typeof hookInputSchema>;

export type HookInputResult = { ok: true; input: HookInput } | { ok: false; error: string };

export function parseHookInput(text: string): HookInputResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: `the hook input is not JSON (${JSON.stringify(text.slice(0, 60))})` };
  }
  const parsed = hookInputSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `the hook input lacks ${issue ? issue.path.join('.') || 'an object' : 'fields'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, input: parsed.data };
}
