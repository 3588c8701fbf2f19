"""Issue 12 item 7 in a real browser: the dossier list's unit filter is searchable from the keyboard: typing
part of a unit's name (accents ignored) keeps the matching units, chooses the first, and Enter filters."""

from __future__ import annotations

from tests import factories
from tests.browser.test_journey import login


def test_a_unit_is_found_by_typing_and_enter_filters(page, transactional_db):
    tree = factories.make_province_tree()
    users = factories.make_users(tree=tree)
    for unit in (tree.commune, tree.commune2, tree.other_district_commune):
        factories.make_dossier(unit=unit)

    login(page, users["officer"].username)
    page.goto("/dossiers/")
    box = page.get_by_label("Gõ để tìm đơn vị")
    box.fill("my loc")
    assert page.locator("#unit").input_value() == str(tree.commune2.pk)
    shown = page.locator("#unit option:not([hidden])").all_inner_texts()
    assert shown == ["Tất cả", "Xã Mỹ Lộc — Huyện Phù Mỹ"]
    box.press("Enter")
    page.wait_for_url(f"**/dossiers/?*unit={tree.commune2.pk}*")
    assert page.locator("#unit").input_value() == str(tree.commune2.pk)
