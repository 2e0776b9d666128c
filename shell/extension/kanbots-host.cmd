@echo off
rem Starts the Kanbots host as Neutralino's extension (neutralino.config.json runs this file with cmd /c).
rem It checks that Node.js 20.19 or newer is on PATH and says so in plain words when it is not;
rem Neutralino's launch JSON on stdin passes through to the host.
setlocal
set "KANBOTS_NODE_COMMAND=%KANBOTS_NODE%"
if "%KANBOTS_NODE_COMMAND%"=="" set "KANBOTS_NODE_COMMAND=node"
where "%KANBOTS_NODE_COMMAND%" >nul 2>nul
if errorlevel 1 (
  echo Kanbots: Kanbots needs Node.js 20.19 or newer, and no "node" was found on PATH. Install Node.js ^(https://nodejs.org^) and start Kanbots again. 1>&2
  msg "%USERNAME%" Kanbots needs Node.js 20.19 or newer, and no "node" was found on PATH. Install Node.js from https://nodejs.org and start Kanbots again. >nul 2>nul
  exit /b 127
)
"%KANBOTS_NODE_COMMAND%" -e "const [a, b] = process.versions.node.split(\".\").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)" >nul 2>nul
if errorlevel 1 (
  echo Kanbots: Kanbots needs Node.js 20.19 or newer; the "node" on PATH is older. Update Node.js ^(https://nodejs.org^) and start Kanbots again. 1>&2
  msg "%USERNAME%" Kanbots needs Node.js 20.19 or newer; the node on PATH is older. Update Node.js from https://nodejs.org and start Kanbots again. >nul 2>nul
  exit /b 127
)
"%KANBOTS_NODE_COMMAND%" "%~dp0..\dist\host\neutralino-extension.js" %*
