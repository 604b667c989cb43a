"""`connlint server` end to end, driven by pytest-lsp's client with VS Code's
capabilities (UTF-16 positions, dynamic file watching).

The project is a copy of examples/outage (a psycopg2 pool in app/db.py, a
router in app/api.py that leaks from it). Run by tests/server.rs, which
passes the binary in CONNLINT_BIN.
"""

import asyncio
import os
import pathlib
import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

CONNLINT = os.environ["CONNLINT_BIN"]
EXAMPLE = pathlib.Path(os.environ["CONNLINT_EXAMPLE"])
TIMEOUT = 20

CANONICAL = '''import sqlite3


def names(path):
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM users")]
    finally:
        conn.close()
'''

GUARDED_LIST_USERS = '''def list_users():
    with get_db_cursor(dict_cursor=True) as (cur, conn):
        cur.execute("SELECT id, name FROM users")
        return cur.fetchall()
'''


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "outage"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".connlint_cache"))
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[CONNLINT, "server"]))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def start(client, project):
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=project.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=project.as_uri(), name="outage")],
    )
    result = await client.initialize_session(params)
    assert result.server_info.name == "connlint"
    return result


def open_doc(client, path, text=None):
    text = path.read_text() if text is None else text
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=path.as_uri(), language_id="python", version=1, text=text
            )
        )
    )
    return text


def change_doc(client, path, version, text):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics(client, path, predicate):
    """The diagnostics of `path` once `predicate` holds for them."""
    uri = path.as_uri()

    async def wait():
        while True:
            current = client.diagnostics.get(uri)
            if current is not None and predicate(current):
                return current
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), TIMEOUT)


async def code_actions(client, path, finding=None, only=None):
    """The code actions for `finding` (or at the file's start, of the kinds `only`)."""
    start = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            range=finding.range if finding else start,
            context=types.CodeActionContext(diagnostics=[finding] if finding else [], only=only),
        )
    )


def codes(ds):
    return sorted(d.code for d in ds)


def apply(text, edits):
    """Applies LSP text edits (UTF-16 positions; the texts here are ASCII)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(pos):
        return starts[pos.line] + pos.character if pos.line < len(lines) else len(text)

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end) :]
    return text


@pytest.mark.asyncio
async def test_a_leak_is_published_with_where_the_connection_was_taken(client, project):
    await start(client, project)
    api = project / "app" / "api.py"
    open_doc(client, api)
    ds = await diagnostics(client, api, lambda ds: "CL102" in codes(ds))
    assert codes(ds) == ["CL101", "CL101", "CL102", "CL103", "CL104", "CL201"]
    cl102 = next(d for d in ds if d.code == "CL102")
    assert cl102.source == "connlint"
    assert cl102.severity == types.DiagnosticSeverity.Error
    assert cl102.range.start == types.Position(line=8, character=11)
    related = {(r.location.range.start.line, r.message) for r in cl102.related_information}
    assert (8, "`conn` acquired here") in related
    assert all(r.location.uri == api.as_uri() for r in cl102.related_information)

    # Hovering the finding shows its rule's page.
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=api.as_uri()),
            position=types.Position(line=8, character=14),
        )
    )
    assert hover is not None and hover.contents.value.startswith("# CL1")


@pytest.mark.asyncio
async def test_fixing_the_leak_by_hand_clears_it(client, project):
    await start(client, project)
    api = project / "app" / "api.py"
    text = open_doc(client, api)
    await diagnostics(client, api, lambda ds: "CL102" in codes(ds))
    start_at = text.index("def list_users():")
    end_at = text.index("def count_orders():")
    fixed = text[:start_at] + GUARDED_LIST_USERS + "\n\n" + text[end_at:]
    change_doc(client, api, 2, fixed)
    ds = await diagnostics(client, api, lambda ds: "CL102" not in codes(ds))
    # What is left is count_orders' pool bypass, untouched.
    assert codes(ds) == ["CL101", "CL103", "CL201"]


@pytest.mark.asyncio
async def test_a_code_action_applies_the_safe_fix(client, project):
    await start(client, project)
    names = project / "app" / "names.py"
    names.write_text(CANONICAL)
    text = open_doc(client, names)
    ds = await diagnostics(client, names, lambda ds: "CL101" in codes(ds))
    cl101 = next(d for d in ds if d.code == "CL101")
    actions = await code_actions(client, names, cl101)
    titles = [a.title for a in actions]
    preferred = [a for a in actions if a.is_preferred]
    assert len(preferred) == 1, titles
    assert any(t.startswith("Suppress CL101") for t in titles), titles
    fixed = apply(text, preferred[0].edit.changes[names.as_uri()])
    assert "with closing(sqlite3.connect(path)) as conn:" in fixed
    change_doc(client, names, 2, fixed)
    await diagnostics(client, names, lambda ds: len(ds) == 0)


@pytest.mark.asyncio
async def test_the_noqa_action_suppresses_the_finding(client, project):
    await start(client, project)
    api = project / "app" / "api.py"
    text = open_doc(client, api)
    ds = await diagnostics(client, api, lambda ds: "CL201" in codes(ds))
    cl201 = next(d for d in ds if d.code == "CL201")
    actions = await code_actions(client, api, cl201)
    noqa = next(a for a in actions if a.title.startswith("Suppress CL201"))
    suppressed = apply(text, noqa.edit.changes[api.as_uri()])
    assert "legacy = psycopg2.connect(DSN)  # noqa: CL201\n" in suppressed
    change_doc(client, api, 2, suppressed)
    await diagnostics(client, api, lambda ds: "CL201" not in codes(ds) and "CL103" in codes(ds))


@pytest.mark.asyncio
async def test_an_edit_in_db_py_updates_the_open_router(client, project):
    await start(client, project)
    api = project / "app" / "api.py"
    db = project / "app" / "db.py"
    open_doc(client, api)
    await diagnostics(client, api, lambda ds: "CL104" in codes(ds))
    db_text = open_doc(client, db)
    # The getter now opens a direct connection: closing it is right, so the
    # router's close-instead-of-release finding must go, unsaved.
    direct = db_text.replace(
        "def get_db_connection():\n    return db_pool.getconn()",
        "def get_db_connection():\n    import psycopg2\n\n    return psycopg2.connect(DSN)",
    )
    assert direct != db_text
    change_doc(client, db, 2, direct)
    ds = await diagnostics(client, api, lambda ds: "CL104" not in codes(ds))
    assert "CL201" in codes(ds)
    # Undone: it comes back.
    change_doc(client, db, 3, db_text)
    await diagnostics(client, api, lambda ds: "CL104" in codes(ds))


@pytest.mark.asyncio
async def test_a_configuration_change_is_picked_up(client, project):
    await start(client, project)
    api = project / "app" / "api.py"
    open_doc(client, api)
    await diagnostics(client, api, lambda ds: "CL201" in codes(ds))
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'ignore = ["CL201"]\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=pyproject.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    ds = await diagnostics(client, api, lambda ds: "CL201" not in codes(ds))
    assert "CL102" in codes(ds)


@pytest.mark.asyncio
async def test_closing_a_document_clears_its_diagnostics(client, project):
    await start(client, project)
    api = project / "app" / "api.py"
    open_doc(client, api)
    await diagnostics(client, api, lambda ds: len(ds) > 0)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=api.as_uri()))
    )
    await diagnostics(client, api, lambda ds: len(ds) == 0)


@pytest.mark.asyncio
async def test_a_burst_of_edits_ends_on_the_last_text(client, project):
    await start(client, project)
    names = project / "app" / "names.py"
    names.write_text(CANONICAL)
    open_doc(client, names)
    await diagnostics(client, names, lambda ds: "CL101" in codes(ds))
    fixed = CANONICAL.replace("import sqlite3\n", "import sqlite3\nfrom contextlib import closing\n").replace(
        '    conn = sqlite3.connect(path)\n    try:\n        return [r[0] for r in conn.execute("SELECT name FROM users")]\n    finally:\n        conn.close()\n',
        '    with closing(sqlite3.connect(path)) as conn:\n        return [r[0] for r in conn.execute("SELECT name FROM users")]\n',
    )
    assert fixed != CANONICAL
    # Typing: five versions in a row, the last one fixed; whatever the
    # server skipped, what it shows in the end is the last text's findings.
    for version, text in enumerate([fixed, CANONICAL, fixed, CANONICAL, fixed], start=2):
        change_doc(client, names, version, text)
    await diagnostics(client, names, lambda ds: len(ds) == 0)
    await asyncio.sleep(0.5)
    assert len(client.diagnostics[names.as_uri()]) == 0


@pytest.mark.asyncio
async def test_fix_all_applies_every_safe_fix_of_the_document(client, project):
    await start(client, project)
    names = project / "app" / "names.py"
    # Two canonical leaks: "fix all" fixes both, in one edit.
    text = CANONICAL + "\n\n" + CANONICAL.split("\n\n\n", 1)[1].replace("def names", "def emails")
    names.write_text(text)
    open_doc(client, names)
    ds = await diagnostics(client, names, lambda ds: codes(ds).count("CL101") == 2)
    actions = await code_actions(client, names, only=[types.CodeActionKind.SourceFixAll])
    fix_all = [a for a in actions if a.kind == "source.fixAll.connlint"]
    assert len(fix_all) == 1, [a.title for a in actions]
    assert fix_all[0].title.endswith("(2)"), fix_all[0].title
    fixed = apply(text, fix_all[0].edit.changes[names.as_uri()])
    assert fixed.count("with closing(sqlite3.connect(path)) as conn:") == 2, fixed
    assert fixed.count("from contextlib import closing") == 1, fixed
    change_doc(client, names, 2, fixed)
    await diagnostics(client, names, lambda ds: len(ds) == 0)
