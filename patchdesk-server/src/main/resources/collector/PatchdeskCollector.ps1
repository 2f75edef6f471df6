# Patchdesk log collector for Windows PowerShell 5.1 (Windows 10 / Server 2016 and later; no modules to install).
# Run it in an administrator PowerShell. It gathers the servicing logs Patchdesk reads, zips them as
# PatchdeskCollector_<host>_<yyyyMMdd-HHmm>.zip in %TEMP% and uploads the zip to your support case with the tus
# protocol, resuming after a broken connection (run it again to resume a failed upload).
# Set $env:PATCHDESK_NO_UPLOAD = '1' before running it to keep the zip and send it another way.
# This file is ASCII on purpose: Chinese messages are decoded at run time, so any code page reads it the same.
# Native tools write through cmd.exe redirection, which keeps their console bytes (GBK on Chinese Windows) as they
# are; Patchdesk decodes UTF-8, UTF-16 and GB18030 per line.

$PatchdeskUploadUrl = '__PATCHDESK_UPLOAD_URL__'
$PatchdeskChunkBytes = 4MB

function Write-PatchdeskMessage([string]$English, [string]$ChineseEscaped) {
    Write-Host ($English + ' / ' + [regex]::Unescape($ChineseEscaped))
}

function Invoke-PatchdeskNative([string]$CommandLine, [string]$OutFile) {
    # cmd.exe writes the tool's own bytes to the file; PowerShell's redirection would re-encode them.
    & cmd.exe /d /c ($CommandLine + ' > "' + $OutFile + '" 2>&1')
    return $LASTEXITCODE
}

function Copy-PatchdeskFiles([string]$From, [string[]]$Patterns, [string]$To) {
    if (-not (Test-Path -LiteralPath $From)) { return }
    New-Item -ItemType Directory -Path $To -Force | Out-Null
    foreach ($pattern in $Patterns) {
        Get-ChildItem -LiteralPath $From -Filter $pattern -File -ErrorAction SilentlyContinue | ForEach-Object {
            Copy-Item -LiteralPath $_.FullName -Destination $To -ErrorAction SilentlyContinue
        }
    }
}

function New-PatchdeskBundle {
    $hostName = $env:COMPUTERNAME
    $stamp = Get-Date -Format 'yyyyMMdd-HHmm'
    $name = 'PatchdeskCollector_' + $hostName + '_' + $stamp
    $work = Join-Path $env:TEMP $name
    New-Item -ItemType Directory -Path $work -Force | Out-Null

    Write-PatchdeskMessage 'Copying CBS and DISM logs' '\u6b63\u5728\u590d\u5236 CBS \u548c DISM \u65e5\u5fd7'
    Copy-PatchdeskFiles (Join-Path $env:windir 'Logs\CBS') @('*.log', '*.cab') (Join-Path $work 'Logs\CBS')
    Copy-PatchdeskFiles (Join-Path $env:windir 'Logs\DISM') @('dism.log') (Join-Path $work 'Logs\DISM')
    Copy-PatchdeskFiles (Join-Path $env:windir 'SoftwareDistribution') @('ReportingEvents.log') $work

    Write-PatchdeskMessage 'Writing WindowsUpdate.log' '\u6b63\u5728\u751f\u6210 WindowsUpdate.log'
    try {
        Get-WindowsUpdateLog -LogPath (Join-Path $work 'WindowsUpdate.log') -ErrorAction Stop | Out-Null
    } catch {
        Write-Host ('Get-WindowsUpdateLog: ' + $_.Exception.Message)
    }

    Write-PatchdeskMessage 'Checking the component store (DISM)' '\u6b63\u5728\u68c0\u67e5\u7ec4\u4ef6\u5b58\u50a8 (DISM)'
    Invoke-PatchdeskNative 'dism.exe /online /cleanup-image /checkhealth' (Join-Path $work 'dism-checkhealth.txt') | Out-Null
    Invoke-PatchdeskNative 'dism.exe /online /get-packages' (Join-Path $work 'dism-get-packages.txt') | Out-Null
    Invoke-PatchdeskNative 'systeminfo.exe' (Join-Path $work 'systeminfo.txt') | Out-Null
    $setup = Join-Path $work 'setup-events.txt'
    # English messages where the language pack has them (the engine reads the servicing messages in English);
    # the machine's own language otherwise.
    if ((Invoke-PatchdeskNative 'wevtutil.exe qe Setup /f:text /rd:true /c:2000 /l:en-US' $setup) -ne 0) {
        Invoke-PatchdeskNative 'wevtutil.exe qe Setup /f:text /rd:true /c:2000' $setup | Out-Null
    }
    & reg.exe export 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion' (Join-Path $work 'registry-currentversion.reg') /y | Out-Null

    $version = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
    $disk = Get-CimInstance -ClassName Win32_LogicalDisk -Filter ("DeviceID='" + $env:SystemDrive + "'")
    $pending = 'absent'
    if (Test-Path -LiteralPath (Join-Path $env:windir 'WinSxS\pending.xml')) { $pending = 'present' }
    $facts = @(
        'Patchdesk collector 1',
        ('Host: ' + $hostName),
        ('Collected: ' + (Get-Date -Format 'o')),
        ('CurrentBuild: ' + $version.CurrentBuild),
        ('UBR: ' + $version.UBR),
        ('EditionID: ' + $version.EditionID),
        ('PendingXml: ' + $pending),
        ('SystemDrive: ' + $env:SystemDrive),
        ('SystemDriveFreeBytes: ' + $disk.FreeSpace)
    )
    [IO.File]::WriteAllLines((Join-Path $work 'collector.txt'), [string[]]$facts, (New-Object Text.UTF8Encoding $false))

    $zip = Join-Path $env:TEMP ($name + '.zip')
    if (Test-Path -LiteralPath $zip) { Remove-Item -LiteralPath $zip -Force }
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    # .NET Framework 4.6.1 and later write '/' between folders and flag non-ASCII names as UTF-8.
    [IO.Compression.ZipFile]::CreateFromDirectory($work, $zip, [IO.Compression.CompressionLevel]::Optimal, $false)
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    return $zip
}

function Send-PatchdeskRequest([string]$Method, [string]$Url, [hashtable]$Headers, [byte[]]$Body, [int]$Count) {
    $request = [Net.HttpWebRequest]::Create($Url)
    $request.Method = $Method
    $request.Timeout = 120000
    $request.ReadWriteTimeout = 120000
    $request.AllowWriteStreamBuffering = $false
    $request.Headers.Add('Tus-Resumable', '1.0.0')
    foreach ($key in $Headers.Keys) { $request.Headers.Add($key, $Headers[$key]) }
    if ($Method -eq 'PATCH') {
        $request.ContentType = 'application/offset+octet-stream'
        $request.ContentLength = $Count
        $stream = $request.GetRequestStream()
        $stream.Write($Body, 0, $Count)
        $stream.Close()
    } elseif ($Method -eq 'POST') {
        $request.ContentLength = 0
    }
    try {
        $response = $request.GetResponse()
    } catch {
        $failure = $_.Exception
        while ($failure -ne $null -and -not ($failure -is [Net.WebException])) { $failure = $failure.InnerException }
        if ($failure -eq $null -or $failure.Response -eq $null) { throw }
        $response = $failure.Response
    }
    $answer = @{ Status = [int]$response.StatusCode; Offset = $response.Headers['Upload-Offset']; Location = $response.Headers['Location'] }
    $response.Close()
    return $answer
}

function Get-PatchdeskOffset([string]$UploadUrl) {
    $head = Send-PatchdeskRequest 'HEAD' $UploadUrl @{} $null 0
    if ($head.Status -eq 404 -or $head.Status -eq 410) { return -1 }
    # tus 1.0 answers 200 or 204 with the offset; anything else (423 while the broken request still holds the
    # upload) means: ask again later.
    if (($head.Status -ne 200 -and $head.Status -ne 204) -or -not $head.Offset) {
        throw ('The server is still busy with the upload (HTTP ' + $head.Status + ')')
    }
    return [long]$head.Offset
}

function Send-PatchdeskBundle([string]$Zip) {
    $length = (Get-Item -LiteralPath $Zip).Length
    $stateFile = $Zip + '.upload'
    $uploadUrl = $null
    $offset = -1
    if (Test-Path -LiteralPath $stateFile) {
        $uploadUrl = (Get-Content -LiteralPath $stateFile -TotalCount 1)
        try { $offset = Get-PatchdeskOffset $uploadUrl } catch { $offset = -1 }
    }
    if ($offset -lt 0) {
        $fileName = [IO.Path]::GetFileName($Zip)
        $metadata = 'filename ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($fileName))
        $created = Send-PatchdeskRequest 'POST' $PatchdeskUploadUrl @{ 'Upload-Length' = [string]$length; 'Upload-Metadata' = $metadata } $null 0
        if ($created.Status -eq 409) { throw 'Other uploads through this link are still in progress; finish them, or run the command again in 10 minutes' }
        if ($created.Status -eq 507) { throw 'The server''s storage is full right now; run the command again later' }
        if ($created.Status -ne 201) { throw ('The server refused the upload (HTTP ' + $created.Status + ')') }
        $uploadUrl = (New-Object Uri((New-Object Uri($PatchdeskUploadUrl)), $created.Location)).AbsoluteUri
        Set-Content -LiteralPath $stateFile -Value $uploadUrl -Encoding Ascii
        $offset = 0
    }
    $buffer = New-Object byte[] $PatchdeskChunkBytes
    $file = [IO.File]::OpenRead($Zip)
    $failures = 0
    try {
        while ($offset -lt $length) {
            $file.Position = $offset
            $count = $file.Read($buffer, 0, $buffer.Length)
            try {
                $sent = Send-PatchdeskRequest 'PATCH' $uploadUrl @{ 'Upload-Offset' = [string]$offset } $buffer $count
                if ($sent.Status -eq 507) { $failures = 10; throw 'The server''s storage is full right now; run the command again later' }
                if ($sent.Status -ne 204) { throw ('HTTP ' + $sent.Status) }
                $offset = [long]$sent.Offset
                $failures = 0
                Write-Progress -Activity 'Patchdesk' -Status ([string]$offset + ' / ' + $length) -PercentComplete ([int](100 * $offset / [Math]::Max(1, $length)))
            } catch {
                $failures++
                if ($failures -gt 10) { throw }
                Write-PatchdeskMessage ('Connection broken, resuming: ' + $_.Exception.Message) '\u8fde\u63a5\u4e2d\u65ad\uff0c\u6b63\u5728\u7eed\u4f20'
                Start-Sleep -Seconds ([Math]::Min(60, 2 * $failures))
                try { $offset = Get-PatchdeskOffset $uploadUrl } catch { }
                if ($offset -lt 0) { throw 'The upload can no longer be resumed; run the collector again.' }
            }
        }
    } finally {
        $file.Close()
    }
    Remove-Item -LiteralPath $stateFile -Force -ErrorAction SilentlyContinue
}

function Invoke-PatchdeskCollector {
    $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
    if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
        Write-PatchdeskMessage 'Run this in a PowerShell started as administrator.' '\u8bf7\u5728\u4ee5\u7ba1\u7406\u5458\u8eab\u4efd\u8fd0\u884c\u7684 PowerShell \u4e2d\u6267\u884c\u3002'
        return
    }
    [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
    $zip = New-PatchdeskBundle
    Write-PatchdeskMessage ('Logs collected: ' + $zip) ('\u65e5\u5fd7\u5df2\u6536\u96c6\uff1a' + $zip.Replace('\', '\\'))
    if ($env:PATCHDESK_NO_UPLOAD -eq '1') { return }
    try {
        Send-PatchdeskBundle $zip
        Write-PatchdeskMessage 'Uploaded to your support case.' '\u5df2\u4e0a\u4f20\u5230\u60a8\u7684\u652f\u6301\u6848\u4f8b\u3002'
    } catch {
        Write-PatchdeskMessage ('Upload failed: ' + $_.Exception.Message + '. Run the command again to resume, or send ' + $zip) '\u4e0a\u4f20\u5931\u8d25\u3002\u8bf7\u518d\u6b21\u8fd0\u884c\u8be5\u547d\u4ee4\u4ee5\u7eed\u4f20\uff0c\u6216\u53d1\u9001\u8be5 zip \u6587\u4ef6\u3002'
    }
}

Invoke-PatchdeskCollector
