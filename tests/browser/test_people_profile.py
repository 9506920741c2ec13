"""A profile on a phone: edit it (skill, phone, visibility, photo), then a colleague endorses and follows.

Driven at 360 x 740 px through the real pages, with htmx on and the site's Content Security Policy
switched on; the edit and profile pages are then audited (axe, CSP, layout, screenshots at 1280 and
360 px) with the conftest's Auditor. Elements are found by id and address, not by text, so the
test does not depend on the interface language.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from plein.people import forms
from plein.people.models import Endorsement, Profile
from tests.browser.conftest import PHONE, format_violations, login, run_axe, screenshot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_edit_profile_on_a_phone_then_a_colleague_endorses_and_follows(
    new_page: Any, auditor: Any, organisation: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    sanne, pieter = organisation.employee, organisation.colleague
    # Behave like an organisation with thousands of teams: departments are searched, not listed.
    monkeypatch.setattr(forms, "SELECT_LIMIT", 1)
    profile_url = f"/mensen/{sanne.pk}/"
    photo = tmp_path / "sanne.png"
    Image.new("RGB", (300, 200), (40, 110, 180)).save(photo)

    # --- Sanne opens her own profile from the menu and edits it -------------------------------
    page = new_page(viewport=PHONE)
    login(page, sanne.email, PASSWORD)
    page.locator("summary.plein-menu__toggle").click()
    page.locator(f"details.plein-menu a[href='{profile_url}']").click()
    expect(page).to_have_url(f"{page.url.split('/mensen/')[0]}{profile_url}")
    expect(page.locator("progress#completeness-bar")).to_be_visible()
    page.locator("a[href='/mensen/mij/bewerken/']").first.click()
    expect(page.locator("h1")).to_be_visible()

    # A bad phone number first: the error summary takes focus, and what was typed stays.
    page.fill("#id_phone", "bel me")
    page.fill("#id_about", "Ik help met paspoorten en rijbewijzen.")
    page.locator("form.plein-edit button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_phone']")).to_be_visible()
    expect(page.locator("#id_phone")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_about")).to_have_value("Ik help met paspoorten en rijbewijzen.")

    # Skills: typing offers the shared vocabulary (htmx fills the datalist); choosing completes the name.
    page.fill("#id_phone", "+31 70 123 4567")
    skills = page.locator("#id_skills")
    skills.fill("Paspoorten, basisreg")
    skills.press("End")
    skills.press_sequentially("i", delay=20)
    option = page.locator("#skill-options option").first
    expect(option).to_have_attribute("value", "Paspoorten, Basisregistratie Personen")
    skills.fill(option.get_attribute("value") or "")  # what choosing the suggestion does
    page.select_option("#id_visibility_phone", "hidden")

    # Department and manager: search, then choose from the matches htmx shows.
    page.locator("#id_department").press_sequentially("dienstverl", delay=20)
    page.locator(f"#department-result-{organisation.directorate.pk}").check()
    page.locator("#id_manager").press_sequentially("el amr", delay=20)
    page.locator(f"#manager-result-{organisation.manager.pk}").check()
    page.set_input_files("#id_photo", str(photo))
    page.locator("form.plein-edit button[type=submit]").click()

    # Back on the profile: message, photo, skills and phone (shown to herself).
    expect(page).to_have_url(f"{page.url.split('/mensen/')[0]}{profile_url}")
    expect(page.locator(".plein-messages")).to_be_visible()
    expect(page.locator(".plein-profile__head img.plein-avatar--large")).to_have_attribute(
        "src", re.compile(r"^/media/photos/[^/]+\.jpg$")
    )
    expect(page.locator(".plein-skills")).to_contain_text("Paspoorten")
    expect(page.locator(".plein-skills")).to_contain_text("Basisregistratie Personen")
    expect(page.locator("a[href='tel:+31701234567']")).to_be_visible()
    expect(page.locator(".plein-chain li").last).to_contain_text("Directie Dienstverlening")
    expect(page.locator(f".plein-manager a[href='/mensen/{organisation.manager.pk}/']")).to_be_visible()
    size = page.evaluate(
        "() => { const i = document.querySelector('.plein-avatar--large'); return [i.naturalWidth, i.naturalHeight]; }"
    )
    assert size == [512, 512]
    screenshot(page, "profile-own-after-edit", PHONE["width"])  # last: screenshots leave style="" behind
    profile = Profile.objects.get(pk=sanne.pk)
    assert profile.visibility["phone"] == "hidden"
    assert sorted(profile.skills.values_list("name", flat=True)) == ["Basisregistratie Personen", "Paspoorten"]
    paspoorten = profile.skills.get(name="Paspoorten")

    # --- Pieter endorses a skill and follows Sanne --------------------------------------------
    other = new_page(viewport=PHONE)
    login(other, pieter.email, PASSWORD)
    other.goto(profile_url)
    expect(other.locator("a[href='tel:+31701234567']")).to_have_count(0)  # "only me"
    button = other.locator(f"#endorse-{paspoorten.pk}")
    button.click()
    skill_row = other.locator(f"#skill-{paspoorten.pk}")
    expect(skill_row.locator("form")).to_have_attribute(
        "action", f"/mensen/{sanne.pk}/vaardigheden/{paspoorten.pk}/intrekken/"
    )
    expect(skill_row.locator(".plein-skill__count")).to_contain_text("1")
    expect(other.locator(f"#endorse-{paspoorten.pk}")).to_be_focused()
    other.locator("#follow-button").click()
    expect(other.locator("#follow form")).to_have_attribute("action", f"/mensen/{sanne.pk}/ontvolgen/")
    expect(other.locator(f"#follow a[href='/mensen/{sanne.pk}/volgers/']")).to_contain_text("1")
    expect(other.locator("#follow-button")).to_be_focused()
    screenshot(other, "profile-endorsed-followed", PHONE["width"])
    assert Endorsement.objects.filter(endorser=pieter, person=sanne, skill=paspoorten).exists()
    other.reload()
    expect(other.locator(f"#skill-{paspoorten.pk} .plein-skill__count")).to_contain_text("1")
    other.locator(f"a[href='/mensen/{sanne.pk}/volgers/']").click()
    expect(other.locator(f".plein-people a[href='/mensen/{pieter.pk}/']")).to_be_visible()

    # --- every page checked the way every page is checked ------------------------------------
    audit = auditor(sanne)
    audit.visit(profile_url, "profile-own")
    audit.visit("/mensen/mij/bewerken/", "profile-edit")
    # The edit page with errors and department matches shown, checked by axe at both widths too.
    axe_page = audit.axe_page
    axe_page.goto("/mensen/mij/bewerken/")
    axe_page.fill("#id_phone", "x")
    axe_page.fill("#id_links", "ftp://example.org")
    axe_page.locator("form.plein-edit button[type=submit]").click()
    expect(axe_page.locator("#error-summary")).to_be_visible()
    axe_page.locator("#id_department").press_sequentially("team", delay=20)
    expect(axe_page.locator(f"#department-result-{organisation.team.pk}")).to_be_visible()
    for viewport in ({"width": 1280, "height": 900}, PHONE):
        axe_page.set_viewport_size(viewport)
        screenshot(axe_page, "profile-edit-errors", viewport["width"])
        violations = run_axe(axe_page)
        if violations:
            audit.problems.append(format_violations(f"profile-edit-errors at {viewport['width']}px", violations))
    audit.assert_no_problems()

    audit = auditor(pieter)
    audit.visit(profile_url, "profile-colleague")
    audit.visit(f"/mensen/{sanne.pk}/volgers/", "profile-followers")
    audit.assert_no_problems()
