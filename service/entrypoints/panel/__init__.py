"""The restaurant's web panel at ``/painel``: server-rendered pages in Portuguese, phone first.

:func:`service.entrypoints.panel.app.install` mounts it on the FastAPI app.
"""
