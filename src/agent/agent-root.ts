// Where a side's agent works: one Claude config dir on one machine, plus the run's identity for
// temp-file names and backups. Built by the CLI for the local side and by the remote agent's
// entry point from its own environment (never from paths sent over the wire).

export interface AgentRoot {
  /** the Claude config dir, absolute, as Claude Code sees it (`$CLAUDE_CONFIG_DIR` or `~/.claude`) */
  claudeDir: string;
  /** the user's home dir on this side (reported in the manifest for path mapping) */
  home: string;
  /** backups of replaced or removed files go to `<backupDir>/<runId>/<rel path>` */
  backupDir: string;
  /** `newRunId()` of this run: names temp files and the backup dir */
  runId: string;
  /** `process.platform` of this side: the project dir encoding depends on it */
  platform: string;
  /** the side's global config (`~/.claude.json`); default: defaultClaudeJsonPath */
  claudeJson?: string;
}
