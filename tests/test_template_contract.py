"""Each document template uses exactly the context it is documented to get.

The documented context of a document is the TypedDict of the values its build passes
(``BulletinValues``, ``AnnualValues``; the build checks the values against it at run time) and
the dataclasses of its context object (``ctx``). Templates are read as source, following their
includes and imports: a name no documentation lists fails, and so does a documented field no
template reads.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterable, Iterator
from pathlib import Path

import jinja2
import pytest
from jinja2 import meta, nodes

from reporter.annual.context import AnnualContext
from reporter.annual.report import AnnualValues
from reporter.bulletin.build import BulletinValues
from reporter.bulletin.narrative import NarrativeContext
from reporter.context import DataNote
from reporter.render.templating import LANGUAGES, PACKAGED_TEMPLATES

# Fields no template reads by name, each with the way it is read.
READ_BY_CODE = {
    NarrativeContext: {},
    AnnualContext: {
        "pm25_leaders": "leaders(key)",
        "o3_leaders": "leaders(key)",
        "words": "span, months (the period in the build's words)",
    },
    DataNote: {},
}


@dataclasses.dataclass(frozen=True)
class Document:
    name: str
    roots: tuple[str, ...]  # the page and its stylesheets, rendered with the build's values
    sentences: tuple[str, ...]  # macro modules rendered with {"lang": lang} only, given ctx
    values: type  # the TypedDict of the values the build passes
    context: type  # the dataclass given as `ctx`
    folders: tuple[str, ...]  # its own templates: where a macro's `ctx` is this context


DOCUMENTS = {
    "bulletin": Document(
        "bulletin",
        ("bulletin/bulletin.html", "bulletin/bulletin.css", "bulletin/{lang}/page.css"),
        ("narrative/{lang}/analysis.j2", "narrative/{lang}/official.j2"),
        BulletinValues,
        NarrativeContext,
        ("bulletin/", "narrative/"),
    ),
    "annual": Document(
        "annual",
        ("annual/report.html", "annual/report.css"),
        ("annual_narrative/{lang}/report.j2",),
        AnnualValues,
        AnnualContext,
        ("annual/", "annual_narrative/"),
    ),
}


def environment(user_dir: Path | None = None) -> jinja2.Environment:
    """The documents' environment (the annual report's adds a filter to the bulletin's)."""
    from reporter.annual.text import environment

    return environment(user_dir)


def _name(expr: nodes.Expr, lang: str) -> str:
    """A template name as written: a string, or strings joined with `lang` ("a/" ~ lang)."""
    if isinstance(expr, nodes.Const):
        return expr.value
    if isinstance(expr, nodes.Name) and expr.name == "lang":
        return lang
    if isinstance(expr, nodes.Concat):
        return "".join(_name(part, lang) for part in expr.nodes)
    raise AssertionError(f"template name the contract test cannot read: {expr!r}")


def parsed(env: jinja2.Environment, name: str) -> nodes.Template:
    source = env.loader.get_source(env, name)[0]
    return env.parse(source, name)


def _scope(node: nodes.Node) -> Iterator[nodes.Node]:
    """The nodes of one scope (a template's top level, one macro), not of the macros inside."""
    for child in node.iter_child_nodes():
        yield child
        if not isinstance(child, nodes.Macro):
            yield from _scope(child)


def assigned(body: Iterable[nodes.Node]) -> set[str]:
    """Names set, imported or defined as macros among `body`."""
    names: set[str] = set()
    for node in body:
        if isinstance(node, nodes.Assign | nodes.AssignBlock | nodes.For):
            target = node.target
            names |= {target.name} if isinstance(target, nodes.Name) else set()
            names |= {name.name for name in target.find_all(nodes.Name)}
        elif isinstance(node, nodes.Import):
            names.add(node.target)
        elif isinstance(node, nodes.FromImport):
            names |= {n if isinstance(n, str) else n[1] for n in node.names}
        elif isinstance(node, nodes.Macro):
            names.add(node.name)
    return names


def reachable(
    env: jinja2.Environment, roots: tuple[str, ...], lang: str
) -> Iterator[tuple[str, nodes.Template, bool, frozenset[str]]]:
    """Every template a root renders, with whether it sees the render's values (includes and
    imports `with context` do, plain imports of macro libraries do not) and the names the
    templates including it have set or imported."""
    seen: set[tuple[str, bool]] = set()
    todo = [(root.format(lang=lang), True, frozenset()) for root in roots]
    while todo:
        name, shared, inherited = todo.pop()
        if (name, shared) in seen:
            continue
        seen.add((name, shared))
        tree = parsed(env, name)
        yield name, tree, shared, inherited
        passed = inherited | assigned(_scope(tree))  # top-level names reach included templates
        for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            child = _name(node.template, lang)
            sees = isinstance(node, nodes.Include | nodes.Extends) or node.with_context
            todo.append((child, shared and sees, passed if sees else frozenset()))


def given_names(tree: nodes.Template) -> set[str]:
    """Names a template reads from the values it is rendered with."""
    # A name the template sets itself is no value it is given, though jinja2.meta reports
    # one set inside an {% if %} (the branch falls back on the context).
    return meta.find_undeclared_variables(tree) - assigned(tree.find_all(nodes.Node))


def top_level_names(env: jinja2.Environment, document: Document) -> dict[str, set[str]]:
    """Names each template reads from the render's values (not set or imported on its way)."""
    used: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        for name, tree, shared, inherited in reachable(env, document.roots, lang):
            if shared:
                used.setdefault(name, set()).update(given_names(tree) - inherited)
    return used


def attribute_paths(tree: nodes.Template) -> Iterator[tuple[str, ...]]:
    """Attribute chains read on `ctx`, also through `{% set n = ctx.note %}` ("note", "sources"),
    scope by scope: a macro's `n` is not another macro's."""
    for scope in (tree, *tree.find_all(nodes.Macro)):
        body = list(_scope(scope))
        aliases: dict[str, tuple[str, ...]] = {"ctx": ()}
        for node in body:
            if isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
                path = _chain(node.node, aliases)
                if path is not None:
                    aliases[node.target.name] = path
                else:
                    aliases.pop(node.target.name, None)
        for node in body:
            if isinstance(node, nodes.Getattr) and (path := _chain(node, aliases)):
                yield path


def _chain(node: nodes.Node, aliases: dict[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    if isinstance(node, nodes.Name):
        return aliases.get(node.name)
    if isinstance(node, nodes.Getattr):
        head = _chain(node.node, aliases)
        return None if head is None else (*head, node.attr)
    return None


def _dataclass_of(hint: object) -> type | None:
    """The dataclass a field holds, also when optional (`DataNote | None`)."""
    if dataclasses.is_dataclass(hint):
        return hint  # type: ignore[return-value]
    for arg in typing.get_args(hint):
        if dataclasses.is_dataclass(arg):
            return arg
    return None


def resolve(cls: type, path: tuple[str, ...]) -> Iterator[tuple[type, str, bool]]:
    """(class, attribute, known) along a chain, down through dataclass-typed fields."""
    for attr in path:
        hints = typing.get_type_hints(cls)
        member = getattr(cls, attr, None)  # a property or a method is documented too
        known = attr in hints or isinstance(member, property) or callable(member)
        yield cls, attr, known
        inner = _dataclass_of(hints.get(attr))
        if not known or inner is None:
            return
        cls = inner


def context_reads(env: jinja2.Environment, document: Document) -> dict[type, dict[str, str]]:
    """Every attribute read on the context objects, by class: {field: first template reading it}."""
    roots = (*document.roots, *document.sentences)
    names = {n for lang in LANGUAGES for n, *_ in reachable(env, roots, lang)}
    names = {n for n in names if n.startswith(document.folders)}  # common/ serves both
    reads: dict[type, dict[str, str]] = {}
    for name in sorted(names):
        for path in attribute_paths(parsed(env, name)):
            for cls, attr, known in resolve(document.context, path):
                where = name if known else f"{name} (undocumented)"
                reads.setdefault(cls, {}).setdefault(attr, where)
    return reads


def check_values(env: jinja2.Environment, document: Document) -> list[str]:
    """Problems with the top-level values: each names the template and the value."""
    documented = set(document.values.__annotations__)
    used = top_level_names(env, document)
    problems = [
        f"{name} uses {value!r}, which {document.values.__name__} does not document"
        for name, values in sorted(used.items())
        for value in sorted(values - documented)
    ]
    everywhere = set().union(*used.values())
    problems += [
        f"{document.values.__name__}.{value} is read by no {document.name} template"
        for value in sorted(documented - everywhere)
    ]
    return problems


def check_context(
    env: jinja2.Environment,
    documents: list[Document],
    checked: dict[type, dict[str, str]] = READ_BY_CODE,
) -> list[str]:
    """Problems with attribute reads on the context objects (DataNote: both documents); every
    field of the `checked` classes must be read, unless said to be read another way."""
    reads: dict[type, dict[str, str]] = {}
    for document in documents:
        for cls, attrs in context_reads(env, document).items():
            for attr, where in attrs.items():
                reads.setdefault(cls, {}).setdefault(attr, where)
    problems = [
        f"{where.removesuffix(' (undocumented)')} reads {cls.__name__}.{attr}, not a field"
        for cls, attrs in reads.items()
        for attr, where in sorted(attrs.items())
        if where.endswith("(undocumented)")
    ]
    for cls, by_code in checked.items():
        fields = {f.name for f in dataclasses.fields(cls)}
        unread = fields - set(reads.get(cls, {})) - set(by_code)
        problems += [f"{cls.__name__}.{attr} is read by no template" for attr in sorted(unread)]
    return problems


@pytest.mark.parametrize("product", sorted(DOCUMENTS))
def test_a_document_template_reads_exactly_the_values_its_build_documents(product):
    assert check_values(environment(), DOCUMENTS[product]) == []


def test_the_templates_read_exactly_the_documented_fields_of_the_context_objects():
    assert check_context(environment(), list(DOCUMENTS.values())) == []


def test_the_sentence_templates_read_only_the_language_beside_their_arguments():
    env = environment()
    for document in DOCUMENTS.values():
        for pattern in document.sentences:
            for lang in LANGUAGES:
                name = pattern.format(lang=lang)
                assert given_names(parsed(env, name)) <= {"lang"}, name


def test_the_fields_said_to_be_read_by_code_are_fields_and_unread_by_templates():
    reads = {}
    for document in DOCUMENTS.values():
        for cls, attrs in context_reads(environment(), document).items():
            reads.setdefault(cls, set()).update(attrs)
    for cls, by_code in READ_BY_CODE.items():
        fields = {f.name for f in dataclasses.fields(cls)}
        assert set(by_code) <= fields, cls
        assert not set(by_code) & reads.get(cls, set()), cls  # read by a template: not listed


def _copy_with(tmp_path: Path, name: str, old: str, new: str) -> jinja2.Environment:
    """The packaged templates with one edit in `name`, searched first."""
    target = tmp_path / name
    target.parent.mkdir(parents=True)
    source = (PACKAGED_TEMPLATES / name).read_text(encoding="utf-8")
    assert old in source
    target.write_text(source.replace(old, new, 1), encoding="utf-8")
    return environment(tmp_path)


def test_an_undocumented_name_in_an_included_template_fails_naming_template_and_name(tmp_path):
    env = _copy_with(tmp_path, "bulletin/_cover.html", "{% if", "{{ bogus_value }}{% if")
    assert check_values(env, DOCUMENTS["bulletin"]) == [
        "bulletin/_cover.html uses 'bogus_value', which BulletinValues does not document"
    ]


def test_an_undocumented_attribute_of_the_data_note_fails_naming_template_and_field(tmp_path):
    name = "bulletin/zh/datanote.html"
    env = _copy_with(tmp_path, name, "ctx.note.registry_cities", "ctx.note.registry_towns")
    assert f"{name} reads DataNote.registry_towns, not a field" in check_context(
        env, list(DOCUMENTS.values())
    )


def test_a_documented_value_no_template_reads_fails_naming_it(tmp_path):
    env = _copy_with(tmp_path, "bulletin/bulletin.css", "{% if synthetic %}", "{% if false %}")
    assert check_values(env, DOCUMENTS["bulletin"]) == [
        "BulletinValues.synthetic is read by no bulletin template"
    ]


def test_a_documented_field_no_template_reads_fails_naming_it():
    make = dataclasses.make_dataclass
    wider_note = make("WiderNote", [("bogus_field", int)], bases=(DataNote,), frozen=True)
    wider = make("WiderContext", [("note", wider_note)], bases=(NarrativeContext,), frozen=True)
    document = dataclasses.replace(DOCUMENTS["bulletin"], context=wider)
    assert check_context(environment(), [document], {wider_note: {}}) == [
        "WiderNote.bogus_field is read by no template"
    ]
