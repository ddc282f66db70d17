// What every command handler gets: the process's surroundings as plain values (so tests and
// the library never read process.env or the real home) and the loaded config.
import { ConfigError } from '../config/config-error.js';
import { loadConfig, type LoadedConfig } from '../config/config-file.js';
import { configPath, stateDir } from '../config/paths.js';

/**
 * Which local projects a command covers. `path`: the project at `path` and every project
 * under it (by the real path taken from the sessions' `cwd`); `fromCwd` says the user gave
 * no path, so messages can say "the current directory". `all`: every (mapped) project.
 */
export type Scope = { kind: 'all' } | { kind: 'path'; path: string; fromCwd: boolean };

/** The process as the entry point sees it; built by main.ts, or by a test. */
export interface ProcessIO {
  env: Record<string, string | undefined>;
  home: string;
  cwd: string;
  /** writes the text as given: add the newline yourself. Results only (`--json` documents, tables). */
  stdout: (text: string) => void;
  /** writes the text as given. Progress, notes, warnings, errors. */
  stderr: (text: string) => void;
  /** a person is at a terminal (stdin and stderr are TTYs): progress lines and prompts are fine */
  isTTY: boolean;
  /** the terminal's width when stderr is one (progress bars fit it); 80 when unknown */
  columns?: number;
  /**
   * The real process only: on SIGINT/SIGTERM/SIGHUP, write `report(signal)` (its stderr line,
   * and a stdout document under --json) and exit with 128 + the signal's number. Returns the
   * function that stops watching.
   */
  watchInterrupts?: (report: (signal: string) => { stderr: string; stdout?: string }) => () => void;
}

export interface CommandContext extends ProcessIO {
  /** the config file, validated; `${VAR}` values are resolved per remote (config/resolve-remote.ts) */
  config: LoadedConfig;
  /** `$XDG_STATE_HOME/ccsync` or `~/.local/state/ccsync` (config/paths.ts has the files in it) */
  stateDir: string;
}

/**
 * Load the config for a command that is about to run (never for `--help`). A config with
 * problems stops only the commands that read it: `sessions`, `verify`, `export`, `import` and
 * `move` work on this machine's Claude dir alone and never touch `config` (issue #10).
 */
export async function createContext(io: ProcessIO): Promise<CommandContext> {
  const loaded = await loadConfig(configPath(io.env, io.home)).then(
    (config) => ({ config, problem: undefined }),
    (error: unknown) => {
      if (error instanceof ConfigError) return { config: undefined, problem: error };
      throw error;
    },
  );
  return {
    ...io,
    stateDir: stateDir(io.env, io.home),
    get config(): LoadedConfig {
      if (loaded.config === undefined) throw loaded.problem;
      return loaded.config;
    },
  };
}
