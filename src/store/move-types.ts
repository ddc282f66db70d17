// The value `ccsync move` reads before it plans (move-inputs.ts builds it, plan-move.ts turns
// it into a plan): its own file so the reader and the pure planner do not import each other.
export interface StoredFile {
  /** '/'-separated, relative to its project dir (or the Claude dir for history.jsonl) */
  rel: string;
  data: Buffer;
  size: number;
  mtimeMs: number;
}

export interface SourceDir {
  name: string;
  /** the dir's real path, from its sessions' `cwd` */
  projectPath: string;
  /** the name is the encoding of projectPath (not a CLAUDE_CODE_PROJECT_DIR_NAME dir) */
  pathMatchesDir: boolean;
  files: StoredFile[];
  /** symlinks and other non-files: left where they are */
  skipped: string[];
}

export interface TargetDir {
  name: string;
  exists: boolean;
  /** only the files whose rel a source dir would write, plus sessions-index.json */
  files: StoredFile[];
}

export interface ClaudeJsonFile {
  /** the real file (a symlinked ~/.claude.json is written through to its target) */
  path: string;
  /** how the user knows it, for messages */
  shownPath: string;
  text: string;
  size: number;
  mtimeMs: number;
  mode: number;
}

export interface MoveInputs {
  claudeDir: string;
  platform: string;
  oldPath: string;
  newPath: string;
  sources: SourceDir[];
  targets: TargetDir[];
  liveSessionIds: string[];
  history?: StoredFile;
  claudeJson?: ClaudeJsonFile;
  newPathExists: boolean;
}
