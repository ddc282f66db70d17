// A scripted model for the fake Messages API that makes the real Claude Code use tools, so a
// transcript holds the places where absolute paths hide (../shared/claude-code-format.md,
// "Lines" and "The latest release"): tool inputs and results, a subagent's own transcript and,
// since 2.1.332, an async agent's output file and its task notification.
import { join } from 'node:path';
import { messageText, replyFor, type FakeTurn, type MessagesBody } from './fake-anthropic.js';

/** The prompt that makes the scripted model use its tools (see toolScript). */
export const TOOL_PROMPT = 'use the tools';
export const SUBAGENT_PROMPT = 'subagent task: report back';
/** `claude -p` refuses tool calls it has no permission for; these are the ones the script uses. */
export const TOOL_ARGS = ['--allowedTools', 'Read,Edit,Write,Bash,Agent'];
/**
 * `-p` keeps no edit checkpoints unless asked; with this both 2.1.197 and 2.1.332 write
 * `file-history/<sid>/` backups and `file-history-snapshot` lines (2.1.332 also
 * `file-history-delta`), whose `realParentDir` holds the project's absolute path.
 */
export const CHECKPOINT_ENV = { CLAUDE_CODE_ENABLE_SDK_FILE_CHECKPOINTING: '1' };
/** A file the scripted Read opens: create it in the project before the first turn. */
export const READ_FILE = 'notes.txt';

/** The messages after the last typed user prompt: this turn's tool calls, results, notices. */
function currentTurn(body: MessagesBody): { prompt: string; exchange: string } {
  let index = body.messages.length - 1;
  for (; index >= 0; index--) {
    const message = body.messages[index];
    if (message !== undefined && message.role === 'user' && messageText(message) !== '') break;
  }
  const prompt = body.messages[index];
  return {
    prompt: prompt === undefined ? '' : messageText(prompt),
    exchange: JSON.stringify(body.messages.slice(index + 1)),
  };
}

/**
 * The reply function for startFakeAnthropic({ reply }). Two tool turns, all naming files inside
 * `project` by absolute path: Read, Bash and Agent first; then Edit of the file just read (a
 * checkpoint backs up its old content) and Write of a new file. Anything else: replyFor's echo.
 */
export function toolScript(project: string): (body: MessagesBody) => string | FakeTurn {
  return (body) => {
    const { prompt, exchange } = currentTurn(body);
    if (prompt.includes(SUBAGENT_PROMPT)) return 'the subagent reports back';
    if (!prompt.includes(TOOL_PROMPT)) return replyFor(body);
    // 2.1.332 runs the Agent tool in the background: its notification may arrive (as a user
    // or a system message) before, between or after the tool turns; it changes nothing here.
    if (exchange.includes('"name":"Edit"')) return 'done with the tools';
    if (exchange.includes('"tool_result"')) {
      return {
        text: 'now the edits',
        toolUses: [
          { name: 'Edit', input: { file_path: join(project, READ_FILE), old_string: 'notes', new_string: 'edited notes' } },
          { name: 'Write', input: { file_path: join(project, 'written.txt'), content: `written in ${project}\n` } },
        ],
      };
    }
    return {
      text: 'using the tools',
      toolUses: [
        { name: 'Read', input: { file_path: join(project, READ_FILE) } },
        { name: 'Bash', input: { command: `ls -a ${JSON.stringify(project)}`, description: 'list the project' } },
        { name: 'Agent', input: { description: 'report back', prompt: SUBAGENT_PROMPT, subagent_type: 'general-purpose' } },
      ],
    };
  };
}
