import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Whether Neutralino's `os.showNotification` can show anything here. On Linux the runtime shells
 * out to the first of these helpers it finds with `which` and silently does nothing without one
 * (its portable-file-dialogs); macOS and Windows have a native path.
 */
export const LINUX_NOTIFICATION_HELPERS = ['zenity', 'matedialog', 'qarma', 'kdialog'] as const;

export function osNotificationsAvailable(platform: NodeJS.Platform = process.platform, path: string = process.env['PATH'] ?? ''): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return LINUX_NOTIFICATION_HELPERS.some((helper) => findOnPath(helper, path));
}

function findOnPath(program: string, path: string): boolean {
  for (const directory of path.split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, program);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}
