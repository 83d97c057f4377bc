"""Serving the dashboard on the web: the HTTP guard around Streamlit's server and its start-up."""
