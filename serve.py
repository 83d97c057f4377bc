"""Serve the dashboard: the router app.py behind the HTTP guard of dangbo.web.asgi.

    streamlit run serve.py      (what scripts/run.sh does; `streamlit run app.py` also works, unguarded)
"""
import streamlit as st
from starlette.middleware import Middleware

from dangbo.web import asgi

app = st.App("app.py", middleware=[Middleware(asgi.Guard)], lifespan=asgi.lifespan)
