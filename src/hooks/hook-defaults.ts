// The hooks' defaults, apart from hook-command.ts so that the argument table can name them
// without loading what writes a hook command (issue #11: start-up of every command).
export const DEFAULT_DEADLINE_SECONDS = 3;
