// The wirec extension: highlighting comes from the grammar in syntaxes/; this
// file starts `wirec lsp` for .wire files and connects VS Code to it.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("wirec");
  const command = config.get("server.path", "wirec");
  const args = [...config.get("server.extraArgs", []), "lsp"];
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const serverOptions = {
    command,
    args,
    transport: TransportKind.stdio,
    // The server reads wire.toml (rule packs, severities) from its working folder.
    options: folder ? { cwd: folder } : undefined,
  };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "wirec" },
      { scheme: "untitled", language: "wirec" },
    ],
  };
  client = new LanguageClient("wirec", "wirec", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand("wirec.restartServer", () => client?.restart())
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
