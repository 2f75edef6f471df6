# Patchdesk repair kit: puts healthy copies of the damaged WinSxS components next to this script into
# C:\Windows\WinSxS, then lets DISM repair the store from them and checks the result.
# Run in an administrator PowerShell:  powershell -NoProfile -ExecutionPolicy Bypass -File .\repair.ps1
# ASCII on purpose: Windows PowerShell 5.1 reads a script without a BOM in the ANSI code page.

$ErrorActionPreference = 'Stop'
$kit = Split-Path -Parent $MyInvocation.MyCommand.Path
$source = Join-Path $kit 'WinSxS'
$winsxs = Join-Path $env:windir 'WinSxS'
$backup = Join-Path $env:SystemDrive ('PatchdeskBackup_' + (Get-Date -Format 'yyyyMMdd-HHmmss'))
$owner = 'NT SERVICE\TrustedInstaller'

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    Write-Host 'Run this script in a PowerShell started as administrator.'
    exit 1
}
New-Item -ItemType Directory -Path (Join-Path $backup 'Manifests') -Force | Out-Null

function Invoke-Checked([string]$What, [scriptblock]$Command) {
    & $Command
    # robocopy's codes below 8 mean copied or nothing to copy.
    if ($LASTEXITCODE -ge 8 -or ($What -notlike 'robocopy*' -and $LASTEXITCODE -ne 0)) {
        throw ($What + ' failed with exit code ' + $LASTEXITCODE + '; the backup is in ' + $backup)
    }
}

# Manifests first, then the component folders: each is backed up with its ACLs, taken over, replaced, and handed
# back to TrustedInstaller with the ACLs it had (a new one gets the WinSxS folder's inherited ACLs).
# Containers told apart by PSIsContainer: Windows 7 and Server 2008 R2 ship PowerShell 2.0, whose Get-ChildItem has no
# switch that lists only files or only folders.
foreach ($manifest in Get-ChildItem -LiteralPath (Join-Path $source 'Manifests') -Filter '*.manifest' | Where-Object { -not $_.PSIsContainer }) {
    $target = Join-Path $winsxs ('Manifests\' + $manifest.Name)
    $acl = Join-Path $backup ('Manifests\' + $manifest.Name + '.acl')
    $existed = Test-Path -LiteralPath $target
    if ($existed) {
        Invoke-Checked 'takeown' { takeown.exe /f $target /a | Out-Null }
        Invoke-Checked 'icacls save' { icacls.exe $target /save $acl | Out-Null }
        Invoke-Checked 'icacls grant' { icacls.exe $target /grant 'Administrators:F' | Out-Null }
        Copy-Item -LiteralPath $target -Destination (Join-Path $backup 'Manifests') -Force
    }
    Copy-Item -LiteralPath $manifest.FullName -Destination $target -Force
    if ($existed) {
        Invoke-Checked 'icacls restore' { icacls.exe (Join-Path $winsxs 'Manifests') /restore $acl | Out-Null }
    } else {
        Invoke-Checked 'icacls reset' { icacls.exe $target /reset | Out-Null }
    }
    Invoke-Checked 'icacls setowner' { icacls.exe $target /setowner $owner | Out-Null }
    Write-Host ('Manifest replaced: ' + $manifest.Name)
}

foreach ($folder in Get-ChildItem -LiteralPath $source | Where-Object { $_.PSIsContainer -and $_.Name -ne 'Manifests' }) {
    $target = Join-Path $winsxs $folder.Name
    $acl = Join-Path $backup ($folder.Name + '.acl')
    $existed = Test-Path -LiteralPath $target
    if ($existed) {
        Invoke-Checked 'takeown' { takeown.exe /f $target /r /d y /a | Out-Null }
        Invoke-Checked 'icacls save' { icacls.exe $target /save $acl /t /c | Out-Null }
        Invoke-Checked 'icacls grant' { icacls.exe $target /grant 'Administrators:F' /t /c | Out-Null }
        Invoke-Checked 'robocopy backup' { robocopy.exe $target (Join-Path $backup $folder.Name) /e /copy:DAT /r:1 /w:1 | Out-Null }
    }
    Invoke-Checked 'robocopy kit' { robocopy.exe $folder.FullName $target /e /copy:DAT /r:1 /w:1 | Out-Null }
    if ($existed) {
        Invoke-Checked 'icacls restore' { icacls.exe $winsxs /restore $acl /c | Out-Null }
    } else {
        Invoke-Checked 'icacls reset' { icacls.exe $target /reset /t /c | Out-Null }
    }
    Invoke-Checked 'icacls setowner' { icacls.exe $target /setowner $owner /t /c | Out-Null }
    Write-Host ('Component replaced: ' + $folder.Name)
}

# DISM /RestoreHealth and /CheckHealth exist from Windows 8 / Server 2012 (build 9200) on; Windows 7 / Server 2008 R2
# and Vista / Server 2008 check and repair the store with the System Update Readiness Tool (KB947821) instead.
if ([Environment]::OSVersion.Version.Build -lt 9200) {
    Write-Host ('The components are replaced. This Windows (older than Windows 8 / Server 2012) has no DISM /RestoreHealth: ' +
        'install and run the System Update Readiness Tool (KB947821) for this version, then upload new logs with the ' +
        'collector (they include C:\Windows\Logs\CBS\CheckSUR.log). The backup is in ' + $backup)
    Write-Host ([regex]::Unescape('\u7ec4\u4ef6\u5df2\u66ff\u6362\u3002\u6b64\u7248\u672c\u7684 Windows\uff08\u65e9\u4e8e Windows 8 / Server 2012\uff09\u6ca1\u6709 DISM /RestoreHealth\uff1a\u8bf7\u5b89\u88c5\u5e76\u8fd0\u884c\u9002\u7528\u4e8e\u672c\u673a\u7248\u672c\u7684\u7cfb\u7edf\u66f4\u65b0\u51c6\u5907\u5de5\u5177\uff08KB947821\uff09\uff0c\u7136\u540e\u7528\u65e5\u5fd7\u6536\u96c6\u547d\u4ee4\u4e0a\u4f20\u65b0\u7684\u65e5\u5fd7\uff08\u5305\u62ec C:\u005cWindows\u005cLogs\u005cCBS\u005cCheckSUR.log\uff09\u3002'))
    # Not 0: nothing was verified here; the readiness tool's log says whether the store is repaired.
    exit 3
}

Write-Host 'DISM /RestoreHealth with this kit as its source...'
& dism.exe /Online /Cleanup-Image /RestoreHealth ('/Source:' + $source) /LimitAccess
$restore = $LASTEXITCODE
& dism.exe /Online /Cleanup-Image /CheckHealth
$check = $LASTEXITCODE
if ($restore -eq 0 -and $check -eq 0) {
    Write-Host 'The component store is healthy. Install the update again, then upload new logs with the collector.'
    Write-Host ([regex]::Unescape('\u7ec4\u4ef6\u5b58\u50a8\u5df2\u4fee\u590d\u3002\u8bf7\u91cd\u65b0\u5b89\u88c5\u66f4\u65b0\uff0c\u7136\u540e\u7528\u65e5\u5fd7\u6536\u96c6\u547d\u4ee4\u4e0a\u4f20\u65b0\u7684\u65e5\u5fd7\u3002'))
    exit 0
}
Write-Host ('DISM still reports a problem (RestoreHealth ' + $restore + ', CheckHealth ' + $check + '). Upload new logs with the collector; the backup is in ' + $backup)
exit 2
