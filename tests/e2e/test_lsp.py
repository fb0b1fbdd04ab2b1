"""End to end: a real LSP client (pytest-lsp, with Neovim's and VS Code's
capabilities) starts `wirec lsp`, opens an example, receives diagnostics, asks
for completion, applies a quick fix and sees the diagnostic go away.

Run from the repository root: `WIREC=target/release/wirec python3 -m pytest tests/e2e -c tests/e2e/pytest.ini`.
"""

import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = pathlib.Path(__file__).resolve().parents[2]
WIREC = os.environ.get("WIREC", str(ROOT / "target" / "release" / "wirec"))
EXAMPLE = ROOT / "examples" / "mistakes.wire"


@pytest_lsp.fixture(
    params=["neovim", "visual-studio-code"],
    config=ClientServerConfig(server_command=[WIREC, "lsp"]),
)
async def client(request, lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param),
            root_uri=ROOT.as_uri(),
        )
    )
    yield
    await lsp_client.shutdown_session()


def offset(text: str, position: types.Position) -> int:
    """The index in `text` of an LSP position (UTF-16 columns)."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position.line])
    units = 0
    for index, character in enumerate(lines[position.line]):
        if units >= position.character:
            return start + index
        units += 2 if ord(character) > 0xFFFF else 1
    return start + len(lines[position.line])


def apply(text: str, edits: list[types.TextEdit]) -> str:
    for edit in sorted(edits, key=lambda e: offset(text, e.range.start), reverse=True):
        text = text[: offset(text, edit.range.start)] + edit.new_text + text[offset(text, edit.range.end) :]
    return text


async def diagnostics_for(client: LanguageClient, uri: str, version: int):
    """The diagnostics published for `version` of the document."""
    while True:
        params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if getattr(params, "uri", uri) == uri and getattr(params, "version", version) == version:
            return client.diagnostics[uri]


async def test_open_complete_and_fix(client: LanguageClient):
    uri = EXAMPLE.as_uri()
    text = EXAMPLE.read_text()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="wirec", version=1, text=text)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    diagnostics = client.diagnostics[uri]
    codes = [diagnostic.code for diagnostic in diagnostics]
    print("diagnostics:", codes)
    assert "E301" in codes and "E101" in codes
    e301 = next(d for d in diagnostics if d.code == "E301")
    assert e301.code_description.href.endswith("docs/diagnostics.md#e301")
    assert e301.related_information, "the trigger's span is related information"

    # Completion after `codedeploy web -> trigger on deployment-failure -> `:
    # a CodeDeploy trigger reaches only SNS.
    line = text.split("\n")[3]
    column = line.index("lambda notifier")
    completion = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=3, character=column),
        )
    )
    items = completion.items if isinstance(completion, types.CompletionList) else completion
    labels = [item.label for item in items]
    print("completion after the trigger:", labels)
    assert "sns" in labels and "lambda" not in labels

    # The quick fix for E301 inserts the topic.
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=e301.range,
            context=types.CodeActionContext(diagnostics=[e301]),
        )
    )
    fix = next(action for action in actions if action.diagnostics and action.diagnostics[0].code == "E301")
    print("quick fix:", fix.title)
    fixed = apply(text, fix.edit.changes[uri])
    assert "-> trigger on deployment-failure -> sns web-trigger -> lambda notifier" in fixed

    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    after = await diagnostics_for(client, uri, 2)
    codes_after = [diagnostic.code for diagnostic in after]
    print("diagnostics after the fix:", codes_after)
    assert "E301" not in codes_after
    assert len(codes_after) == len(codes) - 1


async def test_hover_and_symbols(client: LanguageClient):
    path = ROOT / "examples" / "s3-ingest.wire"
    uri = path.as_uri()
    text = path.read_text()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="wirec", version=1, text=text)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []
    line = next(i for i, l in enumerate(text.split("\n")) if l.startswith("s3 uploads -> notify"))
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=16),
        )
    )
    assert "bucket notification" in hover.contents.value
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    names = [symbol.name for symbol in symbols]
    print("symbols:", names)
    assert names[:3] == ["uploads", "ingest", "importer"]
