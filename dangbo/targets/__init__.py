"""Targets: the 2025-2030 evaluation (`rules`), the records it runs on for a scope (`tracking`), and
the 2020-2025 annexes recomputed on the documents' assessment scale (`annex`). Rules: docs/targets.md."""
