"""The live-verification engine behind ``mlchoose verify``: polite fetching (``request``,
``robots``, ``fetch``), page text (``pagetext``), quote matching (``quotes``), the run
(``engine``) and the saved results it leaves for ``show`` and ``verify --cached`` (``saved``).

Only ``verify`` fetches; ``show`` reads ``saved``. Nothing here is imported by ``rank``.
"""
