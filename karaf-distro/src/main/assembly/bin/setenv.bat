@echo off
rem p2pstack launcher settings for Windows; bin\setenv (the POSIX one) explains each of them.
rem   P2PSTACK_PORT_OFFSET=N  shifts every port the node opens by N (a second node on one machine).

if "%P2PSTACK_PORT_OFFSET%"=="" set P2PSTACK_PORT_OFFSET=0
echo %P2PSTACK_PORT_OFFSET%| findstr /r "^[0-9][0-9]*$" >nul
if errorlevel 1 (
    echo p2pstack: P2PSTACK_PORT_OFFSET must be a whole number between 0 and 15000, not '%P2PSTACK_PORT_OFFSET%' 1>&2
    exit /b 1
)
set /a P2P_OFFSET=%P2PSTACK_PORT_OFFSET%
if %P2P_OFFSET% GTR 15000 (
    echo p2pstack: P2PSTACK_PORT_OFFSET must be at most 15000 1>&2
    exit /b 1
)
set /a P2PSSHPORT=8101+%P2P_OFFSET%
set /a P2P_PRIVATE_PORT=8181+%P2P_OFFSET%
set /a P2P_PUBLIC_PORT=8182+%P2P_OFFSET%

rem Written by install.ps1: where this install keeps its data (outside the program directory).
if exist "%~dp0setenv.local.bat" call "%~dp0setenv.local.bat"

rem A runtime bundled with a release comes first.
if exist "%~dp0..\jre\bin\java.exe" set "JAVA_HOME=%~dp0..\jre"

rem Console credentials: random per install, created before the first start, readable by this user only.
findstr /b /c:"p2pstack =" "%~dp0..\etc\users.properties" >nul 2>&1
if errorlevel 1 (
    powershell -NoProfile -ExecutionPolicy Bypass -Command ^
      "$b = New-Object byte[] 24; [Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($b);" ^
      "$p = -join ($b | ForEach-Object { $_.ToString('x2') });" ^
      "$f = Join-Path '%~dp0..\etc' 'users.properties';" ^
      "Set-Content -Encoding ascii -Path $f -Value @('# Generated at first start: console login for this node only (bin\client uses it).', ('p2pstack = ' + $p + ',_g_:admingroup'), '_g_\:admingroup = group,admin,manager,viewer,systembundles,ssh');" ^
      "icacls $f /inheritance:r /grant:r ($env:USERNAME + ':F') | Out-Null"
)

set EXTRA_JAVA_OPTS=%EXTRA_JAVA_OPTS% -Dp2pstack.port.offset=%P2P_OFFSET% -Dp2pstack.port.private=%P2P_PRIVATE_PORT% -Dp2pstack.port.public=%P2P_PUBLIC_PORT% -DP2PSSHPORT=%P2PSSHPORT%
if /i "%P2PSTACK_LOCAL_NETWORK%"=="true" set EXTRA_JAVA_OPTS=%EXTRA_JAVA_OPTS% -Dp2pstack.network.local=true
if not "%P2PSTACK_DATA%"=="" set EXTRA_JAVA_OPTS=%EXTRA_JAVA_OPTS% "-Dp2pstack.data=%P2PSTACK_DATA%"
if "%KARAF_SCRIPT%"=="karaf.bat" set EXTRA_JAVA_OPTS=%EXTRA_JAVA_OPTS% -Xmx768m
rem GraalJS for the swarm stack (untested on Windows): polyglot jars on the module path, the Graal compiler with JVMCI
set P2P_HOME=%~dp0..
if "%KARAF_SCRIPT%"=="karaf.bat" if exist "%P2P_HOME%\lib\graal" set EXTRA_JAVA_OPTS=%EXTRA_JAVA_OPTS% --module-path "%P2P_HOME%\lib\graal" --add-modules=org.graalvm.polyglot
if "%KARAF_SCRIPT%"=="karaf.bat" if not "%P2PSTACK_JS_JIT%"=="0" if exist "%P2P_HOME%\lib\graal-compiler\compiler-23.1.11.jar" set EXTRA_JAVA_OPTS=%EXTRA_JAVA_OPTS% -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path "%P2P_HOME%\lib\graal-compiler\compiler-23.1.11.jar"
if not "%P2PSTACK_SWARM_BOOTSTRAP%"=="" set EXTRA_JAVA_OPTS=%EXTRA_JAVA_OPTS% "-Dp2pstack.swarm.bootstrap=%P2PSTACK_SWARM_BOOTSTRAP%"
