// `ccsync watch --print-service systemd|launchd`: a unit that keeps `ccsync watch` running as
// a user service. Pure text from absolute paths (a service has no login PATH: node and the
// CLI are named in full, PATH gets the usual places of ssh).
export interface ServiceSpec {
  node: string;
  cli: string;
  /** the words after `watch` (remotes, --all) */
  args: string[];
  workingDirectory: string;
  /** PATH for ssh and friends, and the variables of this shell that decide ccsync's files */
  environment: Record<string, string>;
}

function systemdQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `"${word.replace(/(["\\])/g, '\\$1').replace(/%/g, '%%')}"`;
}

export function systemdUnit(spec: ServiceSpec): string {
  const command = [spec.node, spec.cli, 'watch', ...spec.args].map(systemdQuote).join(' ');
  return `# ~/.config/systemd/user/ccsync-watch.service
# then: systemctl --user daemon-reload && systemctl --user enable --now ccsync-watch
#       journalctl --user -u ccsync-watch -f   (its lines)
[Unit]
Description=ccsync watch: carry Claude Code sessions both ways
After=network-online.target

[Service]
Type=simple
WorkingDirectory=${systemdQuote(spec.workingDirectory)}
${Object.entries(spec.environment).map(([name, value]) => `Environment=${systemdQuote(`${name}=${value}`)}`).join('\n')}
# ssh runs in BatchMode: a key with a passphrase needs your agent, e.g.
# Environment=SSH_AUTH_SOCK=%t/ssh-agent.socket
ExecStart=${command}
Restart=on-failure
RestartSec=30
# Ctrl-C equivalent: ccsync ends its syncs and exits 0
KillSignal=SIGTERM

[Install]
WantedBy=default.target
`;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function launchdAgent(spec: ServiceSpec): string {
  const words = [spec.node, spec.cli, 'watch', ...spec.args];
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- ~/Library/LaunchAgents/dev.ccsync.watch.plist
     then: launchctl bootstrap gui/$(id -u) ~/Library/LaunchAgents/dev.ccsync.watch.plist
     its lines: /tmp/ccsync-watch.log -->
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key><string>dev.ccsync.watch</string>
  <key>ProgramArguments</key>
  <array>
${words.map((word) => `    <string>${xml(word)}</string>`).join('\n')}
  </array>
  <key>WorkingDirectory</key><string>${xml(spec.workingDirectory)}</string>
  <key>EnvironmentVariables</key>
  <dict>
${Object.entries(spec.environment).map(([name, value]) => `    <key>${xml(name)}</key><string>${xml(value)}</string>`).join('\n')}
  </dict>
  <key>RunAtLoad</key><true/>
  <key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>
  <key>StandardOutPath</key><string>/tmp/ccsync-watch.log</string>
  <key>StandardErrorPath</key><string>/tmp/ccsync-watch.log</string>
</dict>
</plist>
`;
}
