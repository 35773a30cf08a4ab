; Inno Setup 6 script: a Windows installer for the PyInstaller bundle in dist\skiptrace.
;
;   python dev.py bundle
;   iscc /DAppVersion=0.1.0 packaging\windows\skiptrace.iss
;
; writes dist\skiptrace-0.1.0-windows-setup.exe. It installs for the current user by default
; (no administrator needed; a dialog offers all users), adds Start menu and optional desktop
; shortcuts for the app, and can put skiptrace-cli.exe on the user's PATH.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\skiptrace.iss
#endif
#define AppName "skiptrace"
#define Bundle "..\..\dist\skiptrace"

[Setup]
; a fixed AppId keeps upgrades in place: never change it
AppId={{6E0C3B52-8B7A-4B8C-9C41-5B2F4A7D2E11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=skiptrace contributors
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\..\LICENSE
SetupIconFile=..\..\build\bundle\icons\skiptrace.ico
UninstallDisplayIcon={app}\skiptrace.exe
OutputDir=..\..\dist
OutputBaseFilename=skiptrace-{#AppVersion}-windows-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Put skiptrace-cli on the PATH (for the command line)"; Flags: unchecked

[Files]
; the whole one-folder bundle: both programs share _internal
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\skiptrace.exe"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\skiptrace.exe"; Tasks: desktopicon

[Registry]
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; \
  ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NotOnPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\skiptrace.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; \
  Flags: nowait postinstall skipifsilent

[Code]
function NotOnPath(Dir: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Path) then
    Path := '';
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;
