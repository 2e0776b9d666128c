/**
 * What the Neutralino 6.9 runtime reads and sends, as its own source says (repository
 * neutralinojs/neutralinojs, tag v6.9.0; paths relative to it). Kanbots cannot start the runtime
 * on a test machine, so its config and its extension are held to these facts instead; each fact
 * names the lines it comes from so that a later runtime can be re-read the same way.
 */

/**
 * Keys the window reads from `modes.window` only. main.cpp `__startApp` (lines 80-82) passes
 * `options["modes"]["window"]` to `window::init`, which reads each of these with
 * `helpers::hasField(windowOptions, …)` (api/window/window.cpp `window::init`, lines 1383-1470;
 * the size keys in `__jsonToSizeOptions`, lines 579-607). At the top level they are ignored.
 */
export const WINDOW_ONLY_KEYS = [
  'width', 'height', 'minWidth', 'minHeight', 'maxWidth', 'maxHeight', 'resizable',
  'x', 'y', 'useLogicalPixels', 'fullScreen', 'alwaysOnTop', 'title', 'icon', 'extendUserAgentWith',
  'enableInspector', 'openInspectorOnStartup', 'borderless', 'maximize', 'hidden', 'center',
  'transparent', 'exitProcessOnClose', 'useSavedState', 'injectGlobals', 'injectClientLibrary',
  'injectScript', 'webviewArgs', 'skipTaskbar', 'emitDropEvents', 'newWindowPolicy',
] as const;

/**
 * Keys read with `settings::getOptionForCurrentMode`, which looks in `modes.<mode>` first and
 * then at the top level (settings.cpp lines 366-374). Call sites: main.cpp (logging 116,
 * enableServer 143, port 150, enableExtensions 184, exportAuthInfo 188), settings.cpp
 * (dataLocation 111, url 135, globalVariables 164), server/neuserver.cpp (port 111, url 162,
 * serverHeaders 173, documentRoot 363), server/router.cpp (singlePageServe 389),
 * auth/authbasic.cpp (tokenSecurity 30), auth/permission.cpp (nativeBlockList 32,
 * nativeAllowList 51, enableNativeAPI 103), extensions_loader.cpp (extensions 32),
 * api/storage/storage.cpp (storageLocation 31), api/window/window.cpp (injectScript 624).
 */
export const MODE_OR_TOP_LEVEL_KEYS = [
  'logging', 'enableServer', 'port', 'enableExtensions', 'exportAuthInfo', 'dataLocation', 'url',
  'globalVariables', 'serverHeaders', 'documentRoot', 'singlePageServe', 'tokenSecurity',
  'nativeBlockList', 'nativeAllowList', 'enableNativeAPI', 'extensions', 'storageLocation',
] as const;

/**
 * Keys read from the top level only: `applicationId` (settings.cpp 126), `version` (145),
 * `defaultMode` (246), `modes` (main.cpp 80, 103), `cli` (api/window/window.cpp 612 reads
 * `cli.clientLibrary`, api/res/res.cpp 86 reads `cli.resourcesPath`; the `neu` CLI reads the rest
 * of `cli`). `$schema` is for editors.
 */
export const TOP_LEVEL_ONLY_KEYS = ['$schema', 'applicationId', 'version', 'defaultMode', 'modes', 'cli'] as const;

/** The modes the runtime knows (helpers.cpp `getModes`, lines 136-138). */
export const MODES = ['window', 'browser', 'cloud', 'chrome'] as const;

/**
 * The per-OS command key of an extension: `"command" + NEU_OS_NAME` (extensions_loader.cpp line
 * 37), NEU_OS_NAME being Linux, Windows, Darwin or FreeBSD (settings.h lines 5-14); a plain
 * `command` is the fallback (line 46). An extension without either is still "loaded" (line 65),
 * so a process other than the runtime may connect with its id.
 */
export const EXTENSION_COMMAND_KEYS = ['command', 'commandLinux', 'commandWindows', 'commandDarwin', 'commandFreeBSD'] as const;

/**
 * The ids and tokens a connecting socket carries in its query string are matched with
 * `param=([\w.\-_]+)` (server/neuserver.cpp `__getParamValueFromUrl`, lines 80-89): an extension
 * id with other characters would be cut short and refused (`handleValidate`, lines 295-319).
 */
export const EXTENSION_ID_PATTERN = /^[\w.\-_]+$/;

/**
 * `${NL_PATH}` in an extension command becomes the app path (api/fs/fs.cpp `applyPathConstants`,
 * lines 356-357): the directory of the runtime binary, or `--path=` (settings.cpp 193-223).
 */
export const NL_PATH_CONSTANT = '${NL_PATH}';

/**
 * Native methods the 6.9 client library (`@neutralinojs/lib` dist/neutralino.mjs) sends for each
 * function Kanbots calls. `events.on/off` stay in the page (window.addEventListener);
 * `extensions.dispatch` first asks `extensions.getStats`; `init()` asks `extensions.getStats`
 * when extensions are enabled (its `ready` handler).
 */
export const CLIENT_LIBRARY_NATIVE_CALLS: Record<string, readonly string[]> = {
  init: ['extensions.getStats'],
  'events.on': [],
  'events.off': [],
  'events.broadcast': ['events.broadcast'],
  'extensions.dispatch': ['extensions.getStats', 'extensions.dispatch'],
  'extensions.getStats': ['extensions.getStats'],
  'extensions.broadcast': ['extensions.broadcast'],
  'app.broadcast': ['app.broadcast'],
  'app.exit': ['app.exit'],
  'os.showNotification': ['os.showNotification'],
  'os.showFolderDialog': ['os.showFolderDialog'],
  'os.open': ['os.open'],
};

/**
 * Whether `nativeAllowList` lets a method through: `module.*` allows the module, otherwise the
 * exact name must be listed (auth/permission.cpp `__registerAllowList` lines 50-67 and
 * `hasMethodAccess` lines 69-100). A block list, when present, wins instead (lines 71-84).
 */
export function allowListAllows(allowList: readonly string[], method: string): boolean {
  const module = method.split('.')[0];
  return allowList.some((entry) => (/^.*\.\*$/.test(entry) ? entry.split('.')[0] === module : entry === method));
}

/**
 * The access token is handed out once with `tokenSecurity: "one-time"`: `authbasic::getToken`
 * returns '' on its second call (auth/authbasic.cpp lines 56-62), and each of `injectGlobals` and
 * `injectClientLibrary` calls it through `settings::getGlobalVars` (settings.cpp line 150;
 * api/window/window.cpp lines 674-678 and 617). With both on, the second injection overwrites
 * `NL_TOKEN` with '' and the page cannot connect (NE_CL_IVCTOKN).
 */
export const ONE_TIME_TOKEN_NOTE = 'injectGlobals and injectClientLibrary each spend the one-time token';

/**
 * What an extension gets and may send (the extension channel):
 * - stdin: one JSON object `{ nlPort, nlToken, nlConnectToken, nlExtensionId }`, then end of input
 *   (extensions_loader.cpp `__buildExtensionProcessInput` lines 21-29, written and closed at
 *   lines 60-61). `nlPort` is a string (`to_string`, line 23).
 * - the connect token is the part of the access token after its first '.' (auth/authbasic.cpp
 *   line 29); the socket URL is `ws://127.0.0.1:<port>?extensionId=<id>&connectToken=<token>`
 *   (validated in server/neuserver.cpp `handleValidate` lines 295-319: Host must be localhost or
 *   127.0.0.1, the connect token must match, the id must be a loaded extension).
 * - a call is `{ id, method, accessToken, data }` (server/neuserver.cpp `handleMessage` lines
 *   205-213) and is answered on the same socket with `{ id, method, data }` (lines 216-227);
 *   `data` is `{ success: true, … }` or `{ error: { code, message } }` (server/router.cpp
 *   `executeNativeMethod`, lines 191-250: a wrong token is NE_RT_INVTOKN, a method outside the
 *   allow list NE_RT_NATPRME).
 * - events arrive as `{ event, data }` (api/events/events.cpp `__makeEventPayload`, lines 13-18):
 *   `events::dispatch` goes to the page and every extension (lines 20-22), `app.broadcast` only
 *   to the page (api/app/app.cpp lines 87-104), `extensions.dispatch` only to the named extension
 *   (api/extensions/extensions.cpp lines 17-40). The runtime's own events include
 *   `extClientConnect`/`extClientDisconnect` (the extension id), `appClientConnect`/
 *   `appClientDisconnect` (the count of page connections) and `clientConnect`/`clientDisconnect`
 *   (server/neuserver.cpp lines 259-293), and `windowClose` only when `exitProcessOnClose` is
 *   false (api/window/window.cpp lines 96-105; otherwise the runtime exits and the socket closes).
 * - one connection per extension id: a second connection with the same id replaces the first in
 *   `extConnections`, and either one closing removes the id (server/neuserver.cpp lines 264, 281).
 */
export const EXTENSION_CHANNEL = {
  stdinKeys: ['nlPort', 'nlToken', 'nlConnectToken', 'nlExtensionId'],
  callKeys: ['id', 'method', 'accessToken', 'data'],
  answerKeys: ['id', 'method', 'data'],
  eventKeys: ['event', 'data'],
  /** websocketpp's resource (path and query) the extension must request. */
  connectPath: (extensionId: string, connectToken: string) => `/?extensionId=${extensionId}&connectToken=${connectToken}`,
  connectTokenOf: (accessToken: string) => accessToken.slice(accessToken.indexOf('.') + 1),
  errors: { invalidToken: 'NE_RT_INVTOKN', notPermitted: 'NE_RT_NATPRME', notConnected: 'NE_EX_EXTNOTC' },
} as const;

/**
 * On Linux `os.showNotification` runs `pfd::notify` (api/os/os.cpp lines 693-750), which shells
 * out to the first of zenity, matedialog, qarma or kdialog found with `which`
 * (lib/filedialogs/portable-file-dialogs.h lines 539-542, 587-605, 1594-1610) and does nothing
 * when none is there, while still answering `{ success: true }`.
 */
export const LINUX_NOTIFICATION_HELPERS = ['zenity', 'matedialog', 'qarma', 'kdialog'] as const;
