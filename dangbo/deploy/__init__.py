"""Deployment on several replicas: the reverse proxy's configuration (nginx, sticky sessions)."""
