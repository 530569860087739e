"""Import and export from the command line, for scripts and large files.

    python -m db.io import --kind KIND --file PATH [--mapping MAPPING.json] [--dry-run]
                          [--all-or-nothing] [--as LOGIN] [--rejected PATH]
                          [--encoding E] [--separator S] [--decimal D] [--dates F] [--sheet NAME]
    python -m db.io export --kind KIND --file PATH(.csv|.xlsx) [--as LOGIN] [--separator S] [--decimal D]
    python -m db.io kinds

Without --as the command runs with an administrator's access (everything;
the audit log records "no user"); with --as LOGIN it runs as that person,
with exactly their access (a manager's export holds only their clients).
Rejected rows are written next to the file as NAME.rejected.csv, with the
reason for each. Exit status: 0 all rows imported, 2 some rows rejected,
1 the file or the mapping could not be used (nothing was written).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import select

from .. import config
from ..access import Viewer, script_viewer
from ..defaults import ensure_defaults
from ..errors import DomainError
from ..models import Role, User
from ..session import get_engine, read_session, write_session

SCRIPT = script_viewer()


def _parser() -> argparse.ArgumentParser:
    from .kinds import KINDS

    parser = argparse.ArgumentParser(prog="python -m db.io", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="database URL (default: CRM_DATABASE_URL)")
    parser.add_argument("--lang", choices=["ru", "en"], help="language of the messages (default: the company's)")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="import a CSV or .xlsx file")
    imp.add_argument("--kind", required=True, choices=list(KINDS))
    imp.add_argument("--file", required=True, type=Path)
    imp.add_argument("--mapping", type=Path, help="a mapping JSON file (see README.md); default: columns by header")
    imp.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    imp.add_argument("--all-or-nothing", action="store_true", help="write nothing if any row is rejected")
    imp.add_argument("--as", dest="login", help="run as this user, with their access")
    imp.add_argument("--rejected", type=Path, help="where to write the rejected rows (default FILE.rejected.csv)")
    imp.add_argument("--encoding", help="the file's encoding: any name Python knows (utf-8, utf-8-sig, cp1251, "
                     "cp1252, latin-1, koi8-r, cp866...); default: detected (a BOM, UTF-8, else the most "
                     "likely code page; when several are as likely, the command stops and lists them)")
    imp.add_argument("--separator", help="the CSV separator: , ; or tab (default: detected)")
    imp.add_argument("--decimal", help="the decimal mark: . or , (default: detected)")
    imp.add_argument("--dates", help="the date format: iso (YYYY-MM-DD), dmy (DD.MM.YYYY), dmy_slash (D/M/YYYY) "
                     "or mdy (M/D/YYYY); the formats themselves are accepted too. Default: detected from "
                     "the whole file; when every date reads both as D/M and as M/D, the command stops and "
                     "asks for --dates. ISO dates are read whatever the format")
    imp.add_argument("--sheet", help="the .xlsx sheet to read (default: the first)")
    exp = sub.add_parser("export", help="export a list to CSV or .xlsx, with the access of --as")
    exp.add_argument("--kind", required=True, choices=["clients", "contacts", "deals", "shipments", "products",
                                                       "users", "departments", "prices"])
    exp.add_argument("--file", required=True, type=Path)
    exp.add_argument("--as", dest="login", help="export as this user, with their access")
    exp.add_argument("--separator", default=",", help="CSV separator (default ,)")
    exp.add_argument("--decimal", default=".", help="CSV decimal mark (default .)")
    sub.add_parser("kinds", help="list the kinds and their fields")
    return parser


def _viewer(session, login: str | None) -> Viewer:
    if not login:
        return SCRIPT
    user = session.scalar(select(User).where(User.login == login.strip().lower()))
    if user is None or not user.active:
        raise SystemExit(f"no active user with the login {login!r}")
    return Viewer(user_id=user.id, role=Role(user.role), full_name=user.full_name)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from i18n import translate

    lang = args.lang or config.default_language()

    def t(message: str, /, **params) -> str:
        return translate(message, lang, **params)

    if args.command == "kinds":
        return _kinds(t)
    engine = get_engine(args.database)
    from ..migrate import upgrade_to_head

    upgrade_to_head(engine)
    with write_session(engine) as session:  # a fresh database gets the funnel's stages first
        ensure_defaults(session)
        session.commit()
    try:
        if args.command == "import":
            return _import(engine, args, t)
        return _export(engine, args, t)
    except DomainError as exc:
        print(t(exc.message, **exc.params), file=sys.stderr)
        return 1


def _import(engine, args, t) -> int:
    from .importer import import_table
    from .mapping import Mapping
    from .reading import ReadOptions, read_table
    from .report import rejected_csv, summary_lines

    mapping = Mapping.load(args.mapping, kind=args.kind) if args.mapping else Mapping(kind=args.kind)
    if mapping.kind != args.kind:
        print(t("The mapping is for {kind}, not for {wanted}.", kind=mapping.kind, wanted=args.kind), file=sys.stderr)
        return 1
    wanted = {k: getattr(args, k) for k in ("encoding", "separator", "decimal", "dates", "sheet") if getattr(args, k)}
    options = ReadOptions.from_dict({**mapping.options, **wanted})
    if not args.file.exists():
        print(t("No file {file}.", file=str(args.file)), file=sys.stderr)
        return 1
    table = read_table(args.file, options=options)
    with write_session(engine) as session:
        viewer = _viewer(session, args.login)
        session.rollback()

        def progress(done: int, expected: int) -> None:
            if sys.stderr.isatty():
                print(f"\r{done:,} / ~{expected:,}", end="", file=sys.stderr, flush=True)

        summary = import_table(session, viewer, table=table, mapping=mapping, dry_run=args.dry_run,
                               mode="all_or_nothing" if args.all_or_nothing else None, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print("\n".join(summary_lines(summary, t)))
    print(t("  {seconds} s", seconds=f"{summary.seconds:.1f}"))
    if summary.rejected:
        target = args.rejected or args.file.with_name(args.file.stem + ".rejected.csv")
        target.write_bytes(rejected_csv(summary, t))
        print(t("Rejected rows, with the reason for each: {path}", path=str(target)))
        return 2
    return 0


def _export(engine, args, t) -> int:
    from queries.exports import export_statement

    from .export import export_to_file

    with read_session(engine) as session:
        viewer = _viewer(session, args.login)
        stmt = export_statement(session, viewer, kind=args.kind)
        result = session.execute(stmt.execution_options(yield_per=10_000))
        header = list(result.keys())
        count = export_to_file(args.file, header, result, title=args.kind, separator=args.separator,
                               decimal=args.decimal)
    from ..actions.exports import record_export

    with write_session(engine) as session:  # who exported what: the audit log (db/actions/exports.py)
        record_export(session, viewer, what=args.kind, rows=count,
                      file_format="xlsx" if args.file.suffix.lower() == ".xlsx" else "csv", source="command line")
    print(t("{n} rows written to {path}", n=count, path=str(args.file)))
    return 0


def _kinds(t) -> int:
    from .kinds import KINDS

    for name, kind in KINDS.items():
        print(f"{name}: {t(kind.label)} (key: {', '.join(kind.keys)})")
        for f in kind.fields:
            mark = "*" if f.required else " "
            print(f"  {mark} {f.name:<22} {t(f.label)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
