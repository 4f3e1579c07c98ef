<#
.SYNOPSIS
  p2pstack installer for Windows. Run it from the unpacked release archive:
    powershell -ExecutionPolicy Bypass -File install.ps1            install or upgrade, start, open the browser
    powershell -ExecutionPolicy Bypass -File install.ps1 -Uninstall            remove program and task, keep data
    powershell -ExecutionPolicy Bypass -File install.ps1 -Uninstall -Purge     ... and delete the data too
.DESCRIPTION
  Installs into %LOCALAPPDATA%\p2pstack\app (no administrator rights needed), keeps the user's data in
  %LOCALAPPDATA%\p2pstack\data so that upgrades never touch it, registers a scheduled task that starts the
  node at logon and restarts it on failure, starts it, waits until the node answers and opens the
  default browser on the landing page. Running it again upgrades in place.
#>
param(
    [switch]$Uninstall,
    [switch]$Purge,
    [switch]$NoStart,
    [switch]$NoBrowser
)
$ErrorActionPreference = 'Stop'

$root = if ($env:P2PSTACK_ROOT) { $env:P2PSTACK_ROOT } else { Join-Path $env:LOCALAPPDATA 'p2pstack' }
$app = Join-Path $root 'app'
$data = Join-Path $root 'data'
$offset = if ($env:P2PSTACK_PORT_OFFSET) { [int]$env:P2PSTACK_PORT_OFFSET } else { 0 }
$url = "http://127.0.0.1:$(8181 + $offset)/"
$taskName = 'p2pstack'
$source = Split-Path -Parent $MyInvocation.MyCommand.Path

function Stop-Node {
    $task = Get-ScheduledTask -TaskName $taskName -ErrorAction SilentlyContinue
    if ($task) { Stop-ScheduledTask -TaskName $taskName -ErrorAction SilentlyContinue }
    $stop = Join-Path $app 'bin\stop.bat'
    if (Test-Path $stop) { & cmd /c "`"$stop`"" 2>$null | Out-Null }
}

function Test-Java {
    $java = if (Test-Path (Join-Path $source 'jre\bin\java.exe')) { Join-Path $source 'jre\bin\java.exe' }
            elseif ($env:JAVA_HOME -and (Test-Path (Join-Path $env:JAVA_HOME 'bin\java.exe'))) { Join-Path $env:JAVA_HOME 'bin\java.exe' }
            else { (Get-Command java -ErrorAction SilentlyContinue).Source }
    if (-not $java) { throw 'This copy of p2pstack has no Java runtime (jre\ is missing) and none is installed. Unpack the whole release archive again (it carries its own Java), or install Java 25 and run this installer again.' }
    $line = (& $java -version 2>&1 | Select-Object -First 1).ToString()
    if ($line -notmatch 'version "(\d+)') { throw "Could not tell which Java version '$java' is. p2pstack needs Java 25." }
    if ([int]$Matches[1] -lt 25) { throw "Java $($Matches[1]) is too old, and this copy of p2pstack has no Java runtime of its own (jre\). Unpack the whole release archive again (it carries Java 25), or install Java 25 and run this installer again." }
}

if ($Uninstall) {
    Stop-Node
    if (Get-ScheduledTask -TaskName $taskName -ErrorAction SilentlyContinue) {
        Unregister-ScheduledTask -TaskName $taskName -Confirm:$false
        Write-Host 'Removed the scheduled task.'
    }
    Remove-Item -Recurse -Force $app -ErrorAction SilentlyContinue
    Write-Host "Removed the program from $app"
    if ($Purge) {
        Remove-Item -Recurse -Force $data -ErrorAction SilentlyContinue
        Write-Host "Deleted your data in $data"
    } else {
        Write-Host "Your data is kept in $data (run with -Uninstall -Purge to delete it)"
    }
    exit 0
}

if (-not (Test-Path (Join-Path $source 'bin\karaf.bat'))) { throw 'Run install.ps1 from the unpacked p2pstack archive.' }
Test-Java
$upgrade = Test-Path $app
if ($upgrade) { Write-Host "Upgrading p2pstack in $app (your data in $data is kept)"; Stop-Node }
else { Write-Host "Installing p2pstack into $app" }

New-Item -ItemType Directory -Force -Path $root, (Join-Path $data 'karaf'), (Join-Path $data 'node') | Out-Null
$staging = Join-Path $root 'app.new'
Remove-Item -Recurse -Force $staging -ErrorAction SilentlyContinue
Copy-Item -Recurse -Path $source -Destination $staging
foreach ($leftover in 'data', 'karaf.pid', 'lock', 'instances') {
    Remove-Item -Recurse -Force (Join-Path $staging $leftover) -ErrorAction SilentlyContinue
}
$users = Join-Path $staging 'etc\users.properties'
(Get-Content $users) | Where-Object { $_ -notmatch '^p2pstack *=' -and $_ -notmatch '^_g_\\:admingroup' } | Set-Content $users
Set-Content -Encoding ascii -Path (Join-Path $staging 'bin\setenv.local.bat') -Value @(
    'rem Written by install.ps1: this install''s data lives outside the program directory.',
    "set `"KARAF_DATA=$data\karaf`"",
    "set `"P2PSTACK_DATA=$data\node`"")
# bundles of the old version must not be reused from Karaf's cache
foreach ($stale in 'cache', 'generated-bundles', 'tmp') {
    Remove-Item -Recurse -Force (Join-Path $data "karaf\$stale") -ErrorAction SilentlyContinue
}
Remove-Item -Recurse -Force $app -ErrorAction SilentlyContinue
Move-Item $staging $app
icacls $root /inheritance:r /grant:r "$($env:USERNAME):(OI)(CI)F" | Out-Null
Write-Host "Program: $app"
Write-Host "Your data: $data (logs in $data\karaf\log)"

$karaf = Join-Path $app 'bin\karaf.bat'
$action = New-ScheduledTaskAction -Execute 'cmd.exe' -Argument "/c set P2PSTACK_PORT_OFFSET=$offset&& `"$karaf`" server" -WorkingDirectory $app
$trigger = New-ScheduledTaskTrigger -AtLogOn -User $env:USERNAME
$settings = New-ScheduledTaskSettingsSet -RestartCount 999 -RestartInterval (New-TimeSpan -Minutes 1) `
    -ExecutionTimeLimit ([TimeSpan]::Zero) -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -StartWhenAvailable
Register-ScheduledTask -TaskName $taskName -Action $action -Trigger $trigger -Settings $settings `
    -Description 'p2pstack node: your own corner of the internet' -Force | Out-Null
Write-Host 'Registered the scheduled task p2pstack (starts at logon, restarts on failure).'

if ($NoStart) { exit 0 }
Start-ScheduledTask -TaskName $taskName
Write-Host -NoNewline 'Starting p2pstack '
$deadline = (Get-Date).AddMinutes(2)
# 401 from /api/session: the node is up and answers only to a signed-in browser; 200 from /: its landing page
# is there too (right after start-up the home dApp can be a moment behind the web server)
function Test-NodeAnswers {
    try { Invoke-WebRequest -UseBasicParsing -TimeoutSec 2 -Uri $url | Out-Null } catch { return $false }
    try { Invoke-WebRequest -UseBasicParsing -TimeoutSec 2 -Uri "${url}api/session" | Out-Null; return $true }
    catch { $r = $_.Exception.Response; return ($null -ne $r -and [int]$r.StatusCode -eq 401) }
}
# the one-time sign-in link the node writes at every start, readable by this account only
$linkFile = Join-Path $data 'node\core\login-link'
while ((Get-Date) -lt $deadline) {
    if (Test-NodeAnswers) {
        Write-Host ' ready.'
        if (-not $NoBrowser) {
            if (Test-Path $linkFile) { Start-Process (Get-Content $linkFile -Raw).Trim() } else { Start-Process $url }
        }
        Write-Host "p2pstack is running at $url"
        exit 0
    }
    Write-Host -NoNewline '.'
    Start-Sleep -Milliseconds 500
}
throw "The node did not answer within 2 minutes; its log is $data\karaf\log\karaf.log"
