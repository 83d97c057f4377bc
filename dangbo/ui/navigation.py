"""The pages an account may open, in their sections (dangbo.ui.registry), through st.navigation."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from .registry import DASHBOARD, HOME, PAGES


def navigation(signed):
    """st.navigation over the pages of the registry the signed-in account's role may see (with
    nobody signed in: every page, hidden, so that the page asked for is kept through the sign-in).

    The home page is served at "/" (Streamlit ignores a default page's url_path); a hidden alias
    answers at its own URL and sends the reader, filters kept, to "/"."""
    sections, home = {}, None
    for spec in PAGES:
        # A page the role may not open stays reachable by its URL but out of the menu: the page itself
        # then says who it is for (signin.require), instead of the overview appearing without a word.
        shown = signed is None or signed.account.can(spec.needs)
        # The home page's url_path is never a URL (a default page is served at "/"), but it names
        # the page internally; it must not be a file name of pages/, which Streamlit's legacy
        # multipage mode (still used by AppTest between runs) would resolve to the bare page file.
        page = st.Page(spec.file, title=spec.title, default=True, url_path="trang-chu") if spec is HOME else \
            st.Page(spec.file, title=spec.title, url_path=spec.url, visibility="visible" if shown else "hidden")
        home = home or page
        sections.setdefault(spec.section, []).append(page)
    sections[HOME.section].append(st.Page(
        lambda: st.switch_page(home, query_params=st.query_params.to_dict()), title=HOME.title,
        url_path=HOME.url, visibility="hidden"))
    # every page in the menu: an administrator has fifteen, and a menu cut at ten hides the ones they came for
    return st.navigation(sections, position="sidebar" if signed else "hidden", expanded=True)


def uses_data(page) -> bool:
    """Whether a page shows figures (and so needs the snapshot and the filters)."""
    return page.title in {p.title for p in DASHBOARD}


PHONE_CSS = (Path(__file__).with_name("phone.css")).read_text(encoding="utf-8")


def phone_layout() -> None:
    """The style rules for a phone's width (dangbo/ui/phone.css), on every page."""
    st.html(f"<style>{PHONE_CSS}</style>")
